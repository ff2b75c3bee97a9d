using System.Globalization;
using Stock.Domain.Supply;

namespace Stock.Domain.Events;

/// <summary>
/// A supply is due (docs/domain.md, "Supply rule"): the available stock of its kind runs out before a supply sent
/// today would arrive. Raised once per depletion and kind: its identity holds the kind and the date the depletion began.
/// </summary>
public sealed record SupplyDue : IDomainEvent
{
    /// <summary>The event type on the wire.</summary>
    public const string TypeName = "SupplyDue";

    /// <summary>Creates the event and its deterministic identity.</summary>
    /// <param name="product">The product.</param>
    /// <param name="need">What is due.</param>
    /// <param name="forecastPerDay">The forecast units per day.</param>
    /// <param name="inTransit">Units on their way to the marketplace's warehouses.</param>
    /// <param name="cycle">The business date the depletion began (the memory's date).</param>
    public SupplyDue(ProductAlert product, SupplyNeed need, decimal forecastPerDay, int inTransit, DateOnly cycle)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(need);
        Product = product;
        Need = need;
        ForecastPerDay = forecastPerDay;
        InTransit = inTransit;
        Identity = EventIdentity.Create(
            TypeName, product.LegalEntityId, product.Sku, need.Kind.ToWire() + ":" + cycle.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), product.BusinessDate);
    }

    /// <inheritdoc />
    public EventIdentity Identity { get; }

    /// <inheritdoc />
    public string EventType => TypeName;

    /// <inheritdoc />
    public ProductAlert Product { get; }

    /// <summary>What is due: kind, dates, lead time, the recommended supply.</summary>
    public SupplyNeed Need { get; }

    /// <summary>The forecast units per day.</summary>
    public decimal ForecastPerDay { get; }

    /// <summary>Units on their way to the marketplace's warehouses.</summary>
    public int InTransit { get; }
}

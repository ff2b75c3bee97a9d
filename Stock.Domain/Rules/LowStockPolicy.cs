using Stock.Domain.Products;

namespace Stock.Domain.Rules;

/// <summary>The low-on-stock rule of docs/domain.md: which band a product's ratio falls in, and whether that is news.</summary>
public static class LowStockPolicy
{
    /// <summary>Lower bound (inclusive) of <see cref="LowStockBand.Sent12"/>.</summary>
    public const decimal Sent12From = 12.2m;

    /// <summary>Lower bound (inclusive) of <see cref="LowStockBand.Sent6"/>.</summary>
    public const decimal Sent6From = 6.2m;

    /// <summary>Lower bound (inclusive) of <see cref="LowStockBand.Sent3"/>.</summary>
    public const decimal Sent3From = 3.0m;

    /// <summary>
    /// The ratio of a product: sales of the window over stock for <c>ordinary</c>, replenished level over stock otherwise.
    /// Null when the stock is outside <c>[LowStockMin, LowStockMax]</c>: then no alert applies.
    /// </summary>
    public static decimal? Ratio(ProductStatus status, int stock, long salesQuantity, int replenishedLevel, RuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (stock < options.LowStockMin || stock > options.LowStockMax)
        {
            return null;
        }

        var numerator = status == ProductStatus.Ordinary ? salesQuantity : replenishedLevel;
        return (decimal)numerator / stock;
    }

    /// <summary>The highest band that <paramref name="ratio"/> reaches for <paramref name="status"/>; none below every band. No upper bound.</summary>
    public static LowStockBand? BandOf(decimal ratio, ProductStatus status) => ratio switch
    {
        >= Sent12From => LowStockBand.Sent12,
        >= Sent6From => LowStockBand.Sent6,
        >= Sent3From when status != ProductStatus.Ordinary => LowStockBand.Sent3,
        _ => null,
    };

    /// <summary>
    /// Decides the alert for a product whose band memory is <paramref name="remembered"/> and whose ratio now falls in
    /// <paramref name="current"/>. Returns the band to alert (or null) and the band to remember from now on.
    /// </summary>
    /// <remarks>
    /// Alerts when the product reaches a band more urgent than the remembered one (docs/decisions.md, D1: a less
    /// urgent band is not news, and alerting it would make a ratio that wobbles at a bound alert every other day).
    /// The memory is cleared (re-armed) when the ratio falls below every band; replenishment is handled by the caller.
    /// </remarks>
    public static (LowStockBand? Alert, LowStockBand? Remember) Decide(LowStockBand? remembered, LowStockBand? current, bool inRange)
    {
        if (!inRange)
        {
            return (null, remembered);
        }

        if (current is null)
        {
            return (null, null);
        }

        return remembered is null || current > remembered ? (current, current) : (null, remembered);
    }
}

namespace Stock.Domain.Supply;

/// <summary>The settings of the supply rule (<c>Stock:Supply:*</c>, docs/forecast.md), each product's overrides winning.</summary>
public sealed record SupplyOptions
{
    /// <summary>Whether the supply rule runs at all (true); off, it raises nothing and forgets its memory.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The chance that the stock lasts through the lead time, for the safety stock (0.95).</summary>
    public double ServiceLevel { get; init; } = 0.95;

    /// <summary>Days from shipping a supply to its being on sale on the marketplace's warehouses (10).</summary>
    public int ShipLeadTimeDays { get; init; } = 10;

    /// <summary>Ship lead times of particular marketplaces by code (<c>Stock:Supply:ShipLeadTimeDaysByMarketplace:ozon</c>), over <see cref="ShipLeadTimeDays"/>.</summary>
    public IReadOnlyDictionary<string, int> ShipLeadTimeDaysByMarketplace { get; init; } = new Dictionary<string, int>();

    /// <summary>Days from ordering goods to their arrival at the seller's (45).</summary>
    public int ReorderLeadTimeDays { get; init; } = 45;

    /// <summary>The ship lead time of <paramref name="marketplace"/>.</summary>
    public int ShipLeadTimeOf(Marketplace marketplace) =>
        ShipLeadTimeDaysByMarketplace.TryGetValue(marketplace.Code, out var days) ? days : ShipLeadTimeDays;

    /// <summary>Every problem of this set, one sentence each; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ServiceLevel is < 0.5 or >= 1 || double.IsNaN(ServiceLevel))
        {
            problems.Add($"ServiceLevel must be at least 0.5 and below 1, not {ServiceLevel}.");
        }

        foreach (var (name, days) in ShipLeadTimeDaysByMarketplace.Select(p => ($"ShipLeadTimeDaysByMarketplace:{p.Key}", p.Value))
            .Prepend(("ShipLeadTimeDays", ShipLeadTimeDays)).Append(("ReorderLeadTimeDays", ReorderLeadTimeDays)))
        {
            if (days is < 0 or > SupplySettings.MaxLeadTimeDays)
            {
                problems.Add($"{name} must be between 0 and {SupplySettings.MaxLeadTimeDays}, not {days}.");
            }
        }

        return problems;
    }
}

/// <summary>A product's own supply settings (<c>stock rules set</c>); null where the defaults apply.</summary>
/// <param name="ShipLeadTimeDays">Its ship lead time.</param>
/// <param name="ReorderLeadTimeDays">Its reorder lead time.</param>
/// <param name="PackSize">The units it is supplied in; a recommended supply is rounded up to it (1).</param>
/// <param name="Off">Whether the supply rule is off for it.</param>
public sealed record SupplySettings(int? ShipLeadTimeDays = null, int? ReorderLeadTimeDays = null, int? PackSize = null, bool Off = false)
{
    /// <summary>The longest lead time accepted (365 days).</summary>
    internal const int MaxLeadTimeDays = 365;

    /// <summary>The largest pack size accepted.</summary>
    internal const int MaxPackSize = 100_000;

    /// <summary>No override: the defaults apply.</summary>
    public static SupplySettings None { get; } = new();

    /// <summary>Throws a <see cref="DomainException"/> naming a lead time or pack size out of range.</summary>
    public SupplySettings EnsureValid()
    {
        if (ShipLeadTimeDays is < 0 or > MaxLeadTimeDays || ReorderLeadTimeDays is < 0 or > MaxLeadTimeDays)
        {
            throw new DomainException($"A lead time must be between 0 and {MaxLeadTimeDays} days, not {(ShipLeadTimeDays is < 0 or > MaxLeadTimeDays ? ShipLeadTimeDays : ReorderLeadTimeDays)}.");
        }

        return PackSize is < 1 or > MaxPackSize
            ? throw new DomainException($"A pack size must be between 1 and {MaxPackSize}, not {PackSize}.")
            : this;
    }
}

namespace Stock.Domain.Rules;

/// <summary>
/// The settings of the domain rules, with the defaults of docs/domain.md. Callers may change them per legal entity;
/// <see cref="Validate"/> says what is wrong with a changed set.
/// </summary>
public sealed record RuleOptions
{
    /// <summary>The defaults of docs/domain.md.</summary>
    public static RuleOptions Default { get; } = new();

    /// <summary>N of the sales window, in complete days (30).</summary>
    public int SalesWindowDays { get; init; } = 30;

    /// <summary>Smallest total stock that can be low on stock (1).</summary>
    public int LowStockMin { get; init; } = 1;

    /// <summary>Largest total stock that can be low on stock (50).</summary>
    public int LowStockMax { get; init; } = 50;

    /// <summary>FBO stock at or above this is "available", below it "running out" (10).</summary>
    public int FboThreshold { get; init; } = 10;

    /// <summary>How long an alert key is held against a different event (15 hours).</summary>
    public TimeSpan DedupWindow { get; init; } = TimeSpan.FromHours(15);

    /// <summary>A key that expires within this many days raises <c>MarketplaceKeyExpiring</c> (14).</summary>
    public int KeyExpiryWarningDays { get; init; } = 14;

    /// <summary>Days of cover a recommended supply brings the stock to (30).</summary>
    public int TargetCoverDays { get; init; } = 30;

    /// <summary>An Ozon cluster that sells and holds fewer days of cover than this raises <c>StockClusterLow</c> (7; 0 turns the alert off).</summary>
    public int ClusterCoverDays { get; init; } = 7;

    /// <summary>Days of sales fetched on the first check of a product set (60).</summary>
    public int InitialSalesSyncDays { get; init; } = 60;

    /// <summary>Days re-fetched before the last synced date, to refresh partial days (3).</summary>
    public int SalesSyncOverlapDays { get; init; } = 3;

    /// <summary>The supply rule's settings (<c>Stock:Supply:*</c>, validated on their own).</summary>
    public Supply.SupplyOptions Supply { get; init; } = new();

    /// <summary>The complete days of history that the rules read: the longer of 2N and the 30 days of classification.</summary>
    public int HistoryDaysNeeded => Math.Max(Math.Max(2 * SalesWindowDays, ProductClassifier.InStockDaysLookback), Stock.Domain.Supply.DemandForecast.WindowDays);

    /// <summary>Every problem of this set, one sentence each; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (SalesWindowDays is < 1 or > 365)
        {
            problems.Add($"SalesWindowDays must be between 1 and 365, not {SalesWindowDays}.");
        }

        if (TargetCoverDays is < 1 or > 365)
        {
            problems.Add($"TargetCoverDays must be between 1 and 365, not {TargetCoverDays}.");
        }

        if (ClusterCoverDays is < 0 or > 365)
        {
            problems.Add($"ClusterCoverDays must be between 0 (off) and 365, not {ClusterCoverDays}.");
        }

        if (KeyExpiryWarningDays is < 0 or > 365)
        {
            problems.Add($"KeyExpiryWarningDays must be between 0 and 365, not {KeyExpiryWarningDays}.");
        }

        if (LowStockMin < 1)
        {
            problems.Add($"LowStockMin must be at least 1, not {LowStockMin}.");
        }

        if (LowStockMax < LowStockMin)
        {
            problems.Add($"LowStockMax ({LowStockMax}) must not be below LowStockMin ({LowStockMin}).");
        }

        if (FboThreshold < 1)
        {
            problems.Add($"FboThreshold must be at least 1, not {FboThreshold}.");
        }

        if (DedupWindow <= TimeSpan.Zero)
        {
            problems.Add($"DedupWindow must be positive, not {DedupWindow}.");
        }

        if (InitialSalesSyncDays < 1)
        {
            problems.Add($"InitialSalesSyncDays must be at least 1, not {InitialSalesSyncDays}.");
        }

        if (SalesSyncOverlapDays < 0)
        {
            problems.Add($"SalesSyncOverlapDays cannot be negative ({SalesSyncOverlapDays}).");
        }

        return problems;
    }

    /// <summary>Throws a <see cref="DomainException"/> listing every problem, if there is one.</summary>
    public RuleOptions EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new DomainException("Invalid rule settings: " + string.Join(" ", problems));
    }
}

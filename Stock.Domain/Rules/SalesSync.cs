namespace Stock.Domain.Rules;

/// <summary>Where an incremental sales sync starts.</summary>
public static class SalesSync
{
    /// <summary>
    /// The first business date to fetch: the last synced date minus the overlap, or
    /// <see cref="RuleOptions.InitialSalesSyncDays"/> back on first sight. Never after today.
    /// </summary>
    public static DateOnly StartDate(DateOnly? lastSynced, DateOnly today, RuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (lastSynced is not { } last)
        {
            return today.AddDays(-options.InitialSalesSyncDays);
        }

        var start = last.AddDays(-options.SalesSyncOverlapDays);
        var earliest = today.AddDays(-options.InitialSalesSyncDays);
        if (start < earliest)
        {
            start = earliest;
        }

        return start > today ? today : start;
    }
}

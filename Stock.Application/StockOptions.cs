using Microsoft.Extensions.Options;
using Stock.Domain.Rules;
using Stock.Domain.Supply;

namespace Stock.Application;

/// <summary>Settings of the check flow, bound from the <c>Stock</c> configuration section.</summary>
public sealed class StockOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Stock";

    /// <summary>The business time zone, an IANA id (<c>Europe/Moscow</c>).</summary>
    public string TimeZone { get; set; } = "Europe/Moscow";

    /// <summary>How many product batches a check merges and stores at once (8).</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Products loaded, merged and committed together (200).</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// How long a lease lives unless renewed (60 seconds): a check's lease on its legal entity, and a relay's claim on
    /// outbox rows. A holder that dies stops blocking after it.
    /// </summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a running check renews its lease (20 seconds; less than <see cref="LeaseTtl"/>).</summary>
    public TimeSpan LeaseRenewal { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Legal entities <c>stock check --all</c> checks at once within one task (4).</summary>
    public int CheckAllParallelism { get; set; } = 4;

    /// <summary>Outbox messages a relay claims, publishes and marks at a time (1000: one Pub/Sub publish per topic).</summary>
    public int RelayBatchSize { get; set; } = 1000;

    /// <summary>
    /// Days a sent or suppressed outbox message is kept before a relay deletes it (60, so that the report's charts
    /// mark the alerts of their 60 days; at least 2).
    /// </summary>
    public int OutboxRetentionDays { get; set; } = 60;

    /// <summary>
    /// How often a long sales sync (the first one, or one after a gap) stores what it has fetched (5 seconds; 0: after
    /// every page), so that a sync cut off resumes there instead of fetching those pages again.
    /// </summary>
    public TimeSpan SyncSaveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Days after which a check reads a marketplace's whole catalogue again, where it can read only the cards changed
    /// since the last check (7; 0: every check reads all of it). The first check, and one that finds a trashed card back
    /// out of the trash, read all of it too (D51).
    /// </summary>
    public int CatalogueFullReadDays { get; set; } = 7;

    /// <summary>
    /// How many marketplaces' catalogues a process holds at once, over every check it runs (0, the default: one where
    /// the runtime may use less than 512 MiB, as in a 512 MiB instance, and no bound otherwise). Bounded, a check reads
    /// a marketplace's orders first and its catalogue only on its turn, and holds the turn until its products are
    /// stored (D53).
    /// </summary>
    public int CataloguesAtOnce { get; set; }

    /// <summary>The rules' settings (<c>Stock:Rules:*</c>), with the defaults of docs/domain.md.</summary>
    public RuleOptions Rules { get; set; } = new();

    /// <summary>The supply rule's settings (<c>Stock:Supply:*</c>, docs/forecast.md); the same object as <c>Rules.Supply</c>.</summary>
    public SupplyOptions Supply
    {
        get => Rules.Supply;
        set => Rules = Rules with { Supply = value ?? new SupplyOptions() };
    }

    /// <summary>The business time zone, resolved.</summary>
    public TimeZoneInfo BusinessTimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

/// <summary>Says what is wrong with a <see cref="StockOptions"/> at start.</summary>
internal sealed class StockOptionsValidator : IValidateOptions<StockOptions>
{
    public ValidateOptionsResult Validate(string? name, StockOptions options)
    {
        var problems = new List<string>();
        try
        {
            _ = options.BusinessTimeZone;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            problems.Add($"Stock:TimeZone '{options.TimeZone}' is not a known time zone.");
        }

        if (options.Concurrency is < 1 or > 64)
        {
            problems.Add($"Stock:Concurrency must be between 1 and 64, not {options.Concurrency}.");
        }

        if (options.CheckAllParallelism is < 1 or > 64)
        {
            problems.Add($"Stock:CheckAllParallelism must be between 1 and 64, not {options.CheckAllParallelism}.");
        }

        if (options.BatchSize is < 1 or > 5000)
        {
            problems.Add($"Stock:BatchSize must be between 1 and 5000, not {options.BatchSize}.");
        }

        if (options.CatalogueFullReadDays is < 0 or > 25)
        {
            problems.Add($"Stock:CatalogueFullReadDays must be between 0 and 25 (Wildberries empties its trash after 30 days), not {options.CatalogueFullReadDays}.");
        }

        if (options.CataloguesAtOnce is < 0 or > 64)
        {
            problems.Add($"Stock:CataloguesAtOnce must be between 0 (by the memory the runtime may use) and 64, not {options.CataloguesAtOnce}.");
        }

        if (options.RelayBatchSize is < 1 or > 1000)
        {
            problems.Add($"Stock:RelayBatchSize must be between 1 and 1000, not {options.RelayBatchSize}.");
        }

        if (options.SyncSaveInterval < TimeSpan.Zero || options.SyncSaveInterval > TimeSpan.FromHours(1))
        {
            problems.Add($"Stock:SyncSaveInterval must be between 0 and 1 hour, not {options.SyncSaveInterval}.");
        }

        if (options.LeaseRenewal <= TimeSpan.Zero || options.LeaseTtl <= options.LeaseRenewal)
        {
            problems.Add($"Stock:LeaseRenewal must be positive and less than Stock:LeaseTtl, not {options.LeaseRenewal} and {options.LeaseTtl}.");
        }

        // An event id includes its business date: rows kept for 2 days are never re-added by a re-run of their check.
        if (options.OutboxRetentionDays is < 2 or > 3650)
        {
            problems.Add($"Stock:OutboxRetentionDays must be between 2 and 3650, not {options.OutboxRetentionDays}.");
        }

        problems.AddRange(options.Rules.Validate().Select(p => "Stock:Rules: " + p));
        problems.AddRange(options.Supply.Validate().Select(p => "Stock:Supply: " + p));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

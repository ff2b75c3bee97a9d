using Stock.Domain;

namespace Stock.Application.Ports;

/// <summary>
/// How far a long sales sync (the first one, or one after a long gap) of one marketplace has got: the first business
/// date it fetches and where the marketplace's order pages resume. The units folded from the pages fetched so far are
/// read apart (<see cref="ISyncProgressRepository.ReadUnitsAsync"/>), a batch of skus at a time when the check stores
/// its products: a large seller has millions.
/// </summary>
/// <param name="Since">The first business date the sync fetches.</param>
/// <param name="Cursor">Where the next page starts (the client's own words); null before the first page.</param>
public sealed record SyncProgress(DateOnly Since, string? Cursor);

/// <summary>
/// What a long sales sync has fetched, stored as it goes, so that a sync cut off by a crash, a timeout or a lost lease
/// resumes where it stopped instead of fetching every page again.
/// </summary>
public interface ISyncProgressRepository
{
    /// <summary>The stored progress of the sync of <paramref name="marketplace"/>, or null when none is under way.</summary>
    Task<SyncProgress?> FindAsync(Guid legalEntityId, Marketplace marketplace, CancellationToken cancellationToken);

    /// <summary>The units stored by the sync of <paramref name="marketplace"/> for the skus <paramref name="skuIds"/>.</summary>
    Task<IReadOnlyList<DailyOrders>> ReadUnitsAsync(Guid legalEntityId, Marketplace marketplace, IReadOnlyCollection<string> skuIds, CancellationToken cancellationToken);

    /// <summary>
    /// Stages adding the units of the pages fetched since the last save (<paramref name="units"/> add to what is
    /// stored) and moving the cursor to <paramref name="cursor"/>.
    /// </summary>
    void Stage(Guid legalEntityId, Marketplace marketplace, DateOnly since, string cursor, IReadOnlyList<DailyOrders> units);

    /// <summary>Stages forgetting the progress: the sync is done (or its progress is of no use any more).</summary>
    void Clear(Guid legalEntityId, Marketplace marketplace);
}

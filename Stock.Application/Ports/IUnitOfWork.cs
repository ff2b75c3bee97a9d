using Stock.Domain;
using Stock.Domain.Events;
using Stock.Domain.Products;

namespace Stock.Application.Ports;

/// <summary>Begins units of work: one per batch or per step that must commit on its own.</summary>
public interface IUnitOfWorkFactory
{
    /// <summary>Begins a unit of work; dispose it after the commit, or to roll back.</summary>
    IUnitOfWork Begin();
}

/// <summary>
/// One database transaction: repositories read at once and stage their writes, and <see cref="CommitAsync"/> writes
/// everything staged (state and outbox together) or nothing. The products saved in it raise their domain events, and
/// the commit writes those to the outbox in the same transaction (the alert's wire form), so that no state is stored
/// without its alerts and no alert without its state. Disposing without a commit rolls back.
/// </summary>
public interface IUnitOfWork : IAsyncDisposable
{
    /// <summary>Legal entities and their keys.</summary>
    ILegalEntityRepository LegalEntities { get; }

    /// <summary>Products with their daily history.</summary>
    IProductRepository Products { get; }

    /// <summary>Events waiting to be published.</summary>
    IOutbox Outbox { get; }

    /// <summary>The record of checks.</summary>
    ICheckRunRepository CheckRuns { get; }

    /// <summary>The progress of long sales syncs.</summary>
    ISyncProgressRepository SyncProgress { get; }

    /// <summary>
    /// Writes everything staged in one transaction, with the domain events the saved products raised, and returns those
    /// events (for in-process listeners, once committed).
    /// </summary>
    Task<IReadOnlyList<IDomainEvent>> CommitAsync(CancellationToken cancellationToken);
}

/// <summary>Legal entities, found by name.</summary>
public interface ILegalEntityRepository
{
    /// <summary>The legal entity named <paramref name="name"/>, or null.</summary>
    Task<LegalEntity?> FindByNameAsync(LegalEntityName name, CancellationToken cancellationToken);

    /// <summary>Every legal entity, by name.</summary>
    Task<IReadOnlyList<LegalEntity>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Stages storing <paramref name="key"/> for the legal entity named <paramref name="name"/>, creating it if new.</summary>
    Task<LegalEntity> SetKeyAsync(LegalEntityName name, MarketplaceKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Stages writing every stored key again as a new key is written now (under the current encryption key); returns
    /// how many were not written that way yet.
    /// </summary>
    Task<int> RewriteKeysAsync(CancellationToken cancellationToken);

    /// <summary>Stages recording how a check of <paramref name="marketplace"/> ended at <paramref name="at"/>: <paramref name="failure"/> null for a success.</summary>
    Task RecordCheckAsync(Guid legalEntityId, Marketplace marketplace, DateTimeOffset at, string? failure, CancellationToken cancellationToken);

    /// <summary>Stages recording that the sales of <paramref name="marketplace"/> are synced through <paramref name="through"/>.</summary>
    Task MarkSalesSyncedAsync(Guid legalEntityId, Marketplace marketplace, DateOnly through, CancellationToken cancellationToken);

    /// <summary>
    /// Stages recording where the catalogue of <paramref name="marketplace"/> was read up to (<paramref name="cursor"/>,
    /// null for nowhere), and, when <paramref name="wholeOn"/> is given, that the whole of it was read on that business date.
    /// </summary>
    Task MarkCatalogueReadAsync(Guid legalEntityId, Marketplace marketplace, string? cursor, DateOnly? wholeOn, CancellationToken cancellationToken);
}

/// <summary>Products loaded and saved a whole batch at a time: a constant number of round trips per batch, never one per product.</summary>
public interface IProductRepository
{
    /// <summary>
    /// The stored products of <paramref name="skuIds"/> (absent ones are new), each with its day records from
    /// <paramref name="historyFrom"/> on.
    /// </summary>
    Task<IReadOnlyDictionary<string, Product>> LoadAsync(
        Guid legalEntityId,
        Marketplace marketplace,
        IReadOnlyCollection<string> skuIds,
        DateOnly historyFrom,
        CancellationToken cancellationToken);

    /// <summary>
    /// The skus of the legal entity's stored products of <paramref name="marketplace"/> that hold FBO stock or stock in
    /// transit: those a check asks for FBO stock even when the marketplace lists them without any (D38, D47).
    /// </summary>
    Task<IReadOnlySet<string>> SkusWithFboStockAsync(Guid legalEntityId, Marketplace marketplace, CancellationToken cancellationToken);

    /// <summary>
    /// Every stored card of the legal entity on <paramref name="marketplace"/>, with its stock units and where it stood
    /// in the catalogue: what a check that reads only the changed cards starts from.
    /// </summary>
    Task<IReadOnlyList<StoredCard>> CatalogueAsync(Guid legalEntityId, Marketplace marketplace, CancellationToken cancellationToken);

    /// <summary>
    /// Stages marking the stored products of <paramref name="skuIds"/> as no longer listed (<paramref name="listing"/>
    /// <see cref="CardListing.Trashed"/> or <see cref="CardListing.Gone"/>); a product a check merges again is listed again.
    /// </summary>
    void Delist(Guid legalEntityId, Marketplace marketplace, IReadOnlyCollection<string> skuIds, CardListing listing);

    /// <summary>
    /// The skus of the legal entity's quiet products on <paramref name="marketplace"/>: stored with FBO stock, with no
    /// stock in transit, no low cluster remembered, and no units ordered on a day from <paramref name="soldSince"/> on
    /// (D52).
    /// </summary>
    Task<IReadOnlySet<string>> QuietSkusAsync(Guid legalEntityId, Marketplace marketplace, DateOnly soldSince, CancellationToken cancellationToken);

    /// <summary>Every stored product of the legal entity, with day records from <paramref name="historyFrom"/> on (for reports).</summary>
    Task<IReadOnlyList<Product>> ListAsync(Guid legalEntityId, DateOnly historyFrom, CancellationToken cancellationToken);

    /// <summary>
    /// Stages saving the batch: new products are added, loaded ones updated (only what changed since they were loaded),
    /// changed day records upserted; the events the products raised go to the outbox on commit.
    /// </summary>
    void Save(IReadOnlyCollection<Product> products);

    /// <summary>The stored supply settings of the product <paramref name="sku"/> of the legal entity; null when it is not stored.</summary>
    Task<Domain.Supply.SupplySettings?> SupplySettingsAsync(Guid legalEntityId, Sku sku, CancellationToken cancellationToken);

    /// <summary>Stages storing the supply settings of the stored product <paramref name="sku"/>.</summary>
    void SetSupplySettings(Guid legalEntityId, Sku sku, Domain.Supply.SupplySettings settings);

    /// <summary>The legal entity's products with supply settings of their own.</summary>
    Task<IReadOnlyList<(Sku Sku, Domain.Supply.SupplySettings Settings)>> ListSupplySettingsAsync(Guid legalEntityId, CancellationToken cancellationToken);

    /// <summary>
    /// Stages deleting the day records of these products that are older than the store keeps them, counted back from the
    /// newest check among them. Records expire by the day, so a check asks for it on its first run of a business day.
    /// </summary>
    void ForgetExpiredDays(IReadOnlyCollection<Product> products);
}

/// <summary>The record of checks.</summary>
public interface ICheckRunRepository
{
    /// <summary>Stages adding a run.</summary>
    void Add(CheckRun run);

    /// <summary>Stages updating a run added before.</summary>
    void Update(CheckRun run);

    /// <summary>
    /// Closes at once (not staged) as <see cref="CheckOutcome.Abandoned"/> every run of the legal entity still marked
    /// running: called by a check that holds the legal entity's lease, so none of them is alive. Returns how many.
    /// </summary>
    Task<int> AbandonRunningAsync(Guid legalEntityId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The latest runs of a legal entity, newest first.</summary>
    Task<IReadOnlyList<CheckRun>> RecentAsync(Guid legalEntityId, int count, CancellationToken cancellationToken);
}

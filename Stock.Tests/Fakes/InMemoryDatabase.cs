using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Products;

namespace Stock.Tests.Fakes;

/// <summary>
/// The state a fake unit of work commits into: what a database would hold, with counters of round trips.
/// Thread-safe, since a check commits batches concurrently.
/// </summary>
internal sealed class InMemoryDatabase
{
    private readonly Lock _lock = new();

    public Dictionary<Guid, LegalEntity> LegalEntities { get; } = [];
    public Dictionary<(Guid LegalEntity, Marketplace Marketplace, string Sku), StoredProduct> Products { get; } = [];
    public List<OutboxMessage> Outbox { get; } = [];
    public Dictionary<Guid, CheckRun> CheckRuns { get; } = [];
    public Dictionary<(Guid LegalEntity, Marketplace Marketplace), (SyncProgress Progress, DailyOrders[] Units)> SyncProgress { get; } = [];

    /// <summary>Relay claims on outbox rows: event id to relay and until when.</summary>
    public Dictionary<Guid, (Guid Relay, DateTimeOffset Until)> Claims { get; } = [];

    public int ProductLoads { get; set; }
    public int ProductSaves { get; set; }

    /// <summary>How many products a check asked to forget the expired days of (what the database deletes is its own test).</summary>
    public int ExpiryRequests { get; set; }
    public int Commits { get; set; }

    /// <summary>When set, the next commit throws this instead of writing (a database outage).</summary>
    public Exception? FailNextCommit { get; set; }

    public T Read<T>(Func<InMemoryDatabase, T> read)
    {
        lock (_lock)
        {
            return read(this);
        }
    }

    public void Write(Action<InMemoryDatabase> write)
    {
        lock (_lock)
        {
            write(this);
        }
    }

    public LegalEntity AddLegalEntity(string name, params MarketplaceKey[] keys)
    {
        var entity = new LegalEntity(Guid.NewGuid(), LegalEntityName.From(name), keys.Select(k => new MarketplaceAccount(k, null)).ToArray());
        Write(db => db.LegalEntities[entity.Id] = entity);
        return entity;
    }

    public IReadOnlyList<OutboxMessage> OutboxSnapshot() => Read(db => db.Outbox.ToArray());

    public StoredProduct? Product(Guid legalEntity, Marketplace marketplace, string sku) =>
        Read(db => db.Products.GetValueOrDefault((legalEntity, marketplace, sku)));
}

/// <summary>A stored product row with its day records, keyed by date (the <c>sales</c> table).</summary>
internal sealed record StoredProduct(ProductState State, SortedDictionary<DateOnly, DayRecord> Days)
{
    public CardListing Listing { get; init; }
}

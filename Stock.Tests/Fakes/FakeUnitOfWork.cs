using Stock.Application.Checks;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Events;
using Stock.Domain.Products;
using Stock.Domain.Supply;

namespace Stock.Tests.Fakes;

internal sealed class FakeUnitOfWorkFactory(InMemoryDatabase database, TimeProvider time) : IUnitOfWorkFactory
{
    public IUnitOfWork Begin() => new FakeUnitOfWork(database, time);
}

/// <summary>Stages every write and applies them all at commit, as one transaction; disposing without a commit drops them.</summary>
internal sealed class FakeUnitOfWork : IUnitOfWork, ILegalEntityRepository, IProductRepository, IOutbox, ICheckRunRepository, ISyncProgressRepository
{
    private readonly InMemoryDatabase _db;
    private readonly TimeProvider _time;
    private readonly List<Action<InMemoryDatabase>> _staged = [];
    private readonly List<Product> _saved = [];

    public FakeUnitOfWork(InMemoryDatabase db, TimeProvider time)
    {
        _db = db;
        _time = time;
    }

    public ILegalEntityRepository LegalEntities => this;
    public IProductRepository Products => this;
    public IOutbox Outbox => this;
    public ICheckRunRepository CheckRuns => this;
    public ISyncProgressRepository SyncProgress => this;

    // Sync progress
    public Task<SyncProgress?> FindAsync(Guid legalEntityId, Marketplace marketplace, CancellationToken cancellationToken) =>
        Task.FromResult(_db.Read(db => db.SyncProgress.TryGetValue((legalEntityId, marketplace), out var stored) ? stored.Progress : null));

    public Task<IReadOnlyList<DailyOrders>> ReadUnitsAsync(Guid legalEntityId, Marketplace marketplace, IReadOnlyCollection<string> skuIds, CancellationToken cancellationToken)
    {
        var wanted = skuIds.ToHashSet(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<DailyOrders>>(_db.Read(db =>
            db.SyncProgress.TryGetValue((legalEntityId, marketplace), out var stored) ? stored.Units.Where(u => wanted.Contains(u.SkuId)).ToArray() : []));
    }

    public void Stage(Guid legalEntityId, Marketplace marketplace, DateOnly since, string cursor, IReadOnlyList<DailyOrders> units)
    {
        var copy = units.ToArray();
        _staged.Add(db =>
        {
            var known = db.SyncProgress.TryGetValue((legalEntityId, marketplace), out var stored) ? stored.Units : [];
            var sum = known.Concat(copy).GroupBy(u => (u.SkuId, u.Date)).Select(g => new DailyOrders(g.Key.SkuId, g.Key.Date, g.Sum(u => u.Quantity))).ToArray();
            db.SyncProgress[(legalEntityId, marketplace)] = (new SyncProgress(since, cursor), sum);
        });
    }

    public void Clear(Guid legalEntityId, Marketplace marketplace) => _staged.Add(db => db.SyncProgress.Remove((legalEntityId, marketplace)));

    public Task<IReadOnlyList<IDomainEvent>> CommitAsync(CancellationToken cancellationToken)
    {
        // As the EF unit does: the events of the products saved go to the outbox in the same commit.
        IReadOnlyList<IDomainEvent> raised = [.. _saved.DistinctBy(p => p.Sku).SelectMany(p => p.PullEvents())];
        _saved.Clear();
        if (raised.Count > 0)
        {
            var raisedAt = _time.GetUtcNow();
            var sellers = _db.Read(db => db.LegalEntities.ToDictionary(e => e.Key, e => e.Value.Name.Value));
            Add([.. raised.Select(e => AlertMessages.From(e, sellers[e.Product.LegalEntityId], raisedAt))]);
        }

        _db.Write(db =>
        {
            if (db.FailNextCommit is { } failure)
            {
                db.FailNextCommit = null;
                throw failure;
            }

            db.Commits++;
            foreach (var write in _staged)
            {
                write(db);
            }

            ReleaseClaims(db);
        });
        _staged.Clear();
        return Task.FromResult(raised);
    }

    private readonly List<Guid> _claimed = [];

    // The claims of rows this unit read as claimed end with it: marked rows are done, unmarked ones go back.
    private void ReleaseClaims(InMemoryDatabase db)
    {
        _claimed.ForEach(id => db.Claims.Remove(id));
        _claimed.Clear();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // Legal entities
    public Task<LegalEntity?> FindByNameAsync(LegalEntityName name, CancellationToken cancellationToken) =>
        Task.FromResult(_db.Read(db => db.LegalEntities.Values.FirstOrDefault(e => e.Name == name)));

    public Task<IReadOnlyList<LegalEntity>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LegalEntity>>(_db.Read(db => db.LegalEntities.Values.OrderBy(e => e.Name.Value).ToArray()));

    public Task<LegalEntity> SetKeyAsync(LegalEntityName name, MarketplaceKey key, CancellationToken cancellationToken)
    {
        var existing = _db.Read(db => db.LegalEntities.Values.FirstOrDefault(e => e.Name == name)) ?? new LegalEntity(Guid.NewGuid(), name, []);
        var updated = existing with
        {
            Accounts = existing.Accounts.Where(a => a.Marketplace != key.Marketplace).Append(new MarketplaceAccount(key, null)).ToArray(),
        };
        _staged.Add(db => db.LegalEntities[updated.Id] = updated);
        return Task.FromResult(updated);
    }

    public Task RecordCheckAsync(Guid legalEntityId, Marketplace marketplace, DateTimeOffset at, string? failure, CancellationToken cancellationToken)
    {
        _staged.Add(db =>
        {
            var entity = db.LegalEntities[legalEntityId];
            db.LegalEntities[legalEntityId] = entity with
            {
                Accounts = entity.Accounts.Select(a => a.Marketplace != marketplace ? a
                    : failure is null ? a with { LastSuccessAt = at }
                    : a with { LastFailureAt = at, LastFailure = failure }).ToArray(),
            };
        });
        return Task.CompletedTask;
    }

    public Task MarkSalesSyncedAsync(Guid legalEntityId, Marketplace marketplace, DateOnly through, CancellationToken cancellationToken)
    {
        _staged.Add(db =>
        {
            var entity = db.LegalEntities[legalEntityId];
            db.LegalEntities[legalEntityId] = entity with
            {
                Accounts = entity.Accounts.Select(a => a.Marketplace == marketplace ? a with { SalesSyncedThrough = through } : a).ToArray(),
            };
        });
        return Task.CompletedTask;
    }

    public Task MarkCatalogueReadAsync(Guid legalEntityId, Marketplace marketplace, string? cursor, DateOnly? wholeOn, CancellationToken cancellationToken)
    {
        _staged.Add(db =>
        {
            var entity = db.LegalEntities[legalEntityId];
            db.LegalEntities[legalEntityId] = entity with
            {
                Accounts = entity.Accounts.Select(a => a.Marketplace == marketplace ? a with { CatalogueCursor = cursor, CatalogueReadOn = wholeOn ?? a.CatalogueReadOn } : a).ToArray(),
            };
        });
        return Task.CompletedTask;
    }

    // Products
    public Task<IReadOnlyList<StoredCard>> CatalogueAsync(Guid legalEntityId, Marketplace marketplace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredCard>>(_db.Read(db => db.Products
            .Where(p => p.Key.LegalEntity == legalEntityId && p.Key.Marketplace == marketplace)
            .Select(p => new StoredCard(new MarketplaceProduct(p.Value.State.Sku, p.Value.State.Name, p.Value.State.StockUnitIds, p.Value.State.Url), p.Value.Listing))
            .ToArray()));

    public void Delist(Guid legalEntityId, Marketplace marketplace, IReadOnlyCollection<string> skuIds, CardListing listing) =>
        _staged.Add(db =>
        {
            foreach (var sku in skuIds)
            {
                if (db.Products.TryGetValue((legalEntityId, marketplace, sku), out var stored))
                {
                    db.Products[(legalEntityId, marketplace, sku)] = stored with { Listing = listing };
                }
            }
        });

    public Task<IReadOnlyDictionary<string, Product>> LoadAsync(
        Guid legalEntityId,
        Marketplace marketplace,
        IReadOnlyCollection<string> skuIds,
        DateOnly historyFrom,
        CancellationToken cancellationToken)
    {
        var loaded = _db.Read(db =>
        {
            db.ProductLoads++;
            return skuIds
                .Select(sku => db.Products.GetValueOrDefault((legalEntityId, marketplace, sku)))
                .Where(p => p is not null)
                .Select(p => Restore(p!, historyFrom))
                .ToDictionary(p => p.Sku.Id);
        });
        return Task.FromResult<IReadOnlyDictionary<string, Product>>(loaded);
    }

    public Task<IReadOnlySet<string>> SkusWithFboStockAsync(Guid legalEntityId, Marketplace marketplace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(_db.Read(db =>
            db.Products.Where(p => p.Key.LegalEntity == legalEntityId && p.Key.Marketplace == marketplace && p.Value.State.StockFbo > 0).Select(p => p.Key.Sku).ToHashSet()));

    public Task<IReadOnlySet<string>> QuietSkusAsync(Guid legalEntityId, Marketplace marketplace, DateOnly soldSince, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(_db.Read(db => db.Products
            .Where(p => p.Key.LegalEntity == legalEntityId && p.Key.Marketplace == marketplace && p.Value.State.StockFbo > 0 && p.Value.State.InTransit == 0
                && p.Value.State.LowClusters.Count == 0 && !p.Value.Days.Values.Any(d => d.Date >= soldSince && d.Quantity > 0))
            .Select(p => p.Key.Sku)
            .ToHashSet()));

    public Task<IReadOnlyList<Product>> ListAsync(Guid legalEntityId, DateOnly historyFrom, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Product>>(_db.Read(db =>
            db.Products.Where(p => p.Key.LegalEntity == legalEntityId).Select(p => Restore(p.Value, historyFrom)).ToArray()));

    public void Save(IReadOnlyCollection<Product> products)
    {
        var rows = products.Select(p => (
            Key: (p.LegalEntityId, p.Sku.Marketplace, p.Sku.Id),
            State: new ProductState(p.LegalEntityId, p.Sku, p.Name, p.Url, p.StockFbo, p.StockFbs, p.Status, p.ReplenishedLevel, p.NotifiedBand, p.NotifiedOn, p.CheckedOn, [])
            {
                LowClusters = [.. p.LowClusters],
                InTransit = p.InTransit,
                SupplySettings = p.SupplySettings,
                ShipDueSince = p.ShipDueSince,
                ReorderDueSince = p.ReorderDueSince,
                StockUnitIds = p.StockUnitIds,
            },
            Changed: p.History.Days.ToArray())).ToArray();
        _saved.AddRange(products);
        _staged.Add(db =>
        {
            db.ProductSaves++;
            foreach (var (key, state, changed) in rows)
            {
                var days = db.Products.TryGetValue(key, out var stored) ? stored.Days : new SortedDictionary<DateOnly, DayRecord>();
                foreach (var day in changed)
                {
                    days[day.Date] = day;
                }

                db.Products[key] = new StoredProduct(state, days);
            }
        });
    }

    public Task<SupplySettings?> SupplySettingsAsync(Guid legalEntityId, Sku sku, CancellationToken cancellationToken) =>
        Task.FromResult(_db.Read(db => db.Products.TryGetValue((legalEntityId, sku.Marketplace, sku.Id), out var stored) ? stored.State.SupplySettings ?? SupplySettings.None : null));

    public void SetSupplySettings(Guid legalEntityId, Sku sku, SupplySettings settings) =>
        _staged.Add(db =>
        {
            var key = (legalEntityId, sku.Marketplace, sku.Id);
            db.Products[key] = db.Products[key] with { State = db.Products[key].State with { SupplySettings = settings } };
        });

    public Task<IReadOnlyList<(Sku Sku, SupplySettings Settings)>> ListSupplySettingsAsync(Guid legalEntityId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(Sku, SupplySettings)>>(_db.Read(db => db.Products
            .Where(p => p.Key.LegalEntity == legalEntityId && p.Value.State.SupplySettings is { } s && s != SupplySettings.None)
            .Select(p => (p.Value.State.Sku, p.Value.State.SupplySettings!)).ToArray()));

    public void ForgetExpiredDays(IReadOnlyCollection<Product> products)
    {
        var count = products.Count;
        _staged.Add(db => db.ExpiryRequests += count);
    }

    // The fakes keep keys in memory: nothing to re-encrypt.
    public Task<int> RewriteKeysAsync(CancellationToken cancellationToken) => Task.FromResult(0);

    // Outbox
    public void Add(IReadOnlyCollection<OutboxMessage> messages) =>
        _staged.Add(db => db.Outbox.AddRange(messages.Where(m => db.Outbox.All(o => o.EventId != m.EventId))));

    public Task<IReadOnlyList<OutboxMessage>> PendingAsync(int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OutboxMessage>>(_db.Read(db => db.Outbox.Where(m => m.Status == OutboxStatus.Pending).Take(max).ToArray()));

    public void MarkSent(Guid eventId, DateTimeOffset at) =>
        _staged.Add(db => Update(db, eventId, m => m with { Status = OutboxStatus.Sent, ProcessedAt = at }));

    public void MarkSuppressed(Guid eventId, string reason, DateTimeOffset at) =>
        _staged.Add(db => Update(db, eventId, m => m with { Status = OutboxStatus.Suppressed, ProcessedAt = at, Reason = reason }));

    public Task<IReadOnlyList<OutboxMessage>> ClaimPendingAsync(Guid relay, int max, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OutboxMessage>>(_db.Read(db =>
        {
            var claimed = db.Outbox
                .Where(m => m.Status == OutboxStatus.Pending && (!db.Claims.TryGetValue(m.EventId, out var claim) || claim.Until < now))
                .Take(max)
                .ToArray();
            foreach (var message in claimed)
            {
                db.Claims[message.EventId] = (relay, now + ttl);
                _claimed.Add(message.EventId);
            }

            return claimed;
        }));

    public Task<OutboxBacklog> BacklogAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_db.Read(db =>
        {
            var pending = db.Outbox.Where(m => m.Status == OutboxStatus.Pending).ToList();
            return new OutboxBacklog(pending.Count, pending.Count == 0 ? null : pending.Min(m => m.CreatedAt));
        }));

    public Task<int> PurgeAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken) =>
        Task.FromResult(_db.Read(db => db.Outbox.RemoveAll(m => m.Status != OutboxStatus.Pending && m.ProcessedAt < processedBefore)));

    public Task<IReadOnlyList<OutboxMessage>> SinceAsync(Guid legalEntityId, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OutboxMessage>>(_db.Read(db => db.Outbox.Where(m => m.LegalEntityId == legalEntityId && m.CreatedAt >= since).ToArray()));

    Task<IReadOnlyList<OutboxMessage>> IOutbox.RecentAsync(Guid legalEntityId, int count, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OutboxMessage>>(_db.Read(db => db.Outbox.Where(m => m.LegalEntityId == legalEntityId).Reverse().Take(count).ToArray()));

    // Check runs
    public void Add(CheckRun run) => _staged.Add(db => db.CheckRuns.Add(run.Id, run));

    public void Update(CheckRun run) => _staged.Add(db => db.CheckRuns[run.Id] = run);

    public Task<int> AbandonRunningAsync(Guid legalEntityId, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult(_db.Read(db =>
        {
            var running = db.CheckRuns.Values.Where(r => r.LegalEntityId == legalEntityId && r.Outcome == CheckOutcome.Running).ToList();
            running.ForEach(r => db.CheckRuns[r.Id] = r with { Outcome = CheckOutcome.Abandoned, FinishedAt = at });
            return running.Count;
        }));

    public Task<IReadOnlyList<CheckRun>> RecentAsync(Guid legalEntityId, int count, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CheckRun>>(_db.Read(db =>
            db.CheckRuns.Values.Where(r => r.LegalEntityId == legalEntityId).OrderByDescending(r => r.StartedAt).Take(count).ToArray()));

    private static void Update(InMemoryDatabase db, Guid eventId, Func<OutboxMessage, OutboxMessage> change)
    {
        var index = db.Outbox.FindIndex(m => m.EventId == eventId);
        db.Outbox[index] = change(db.Outbox[index]);
    }

    private static Product Restore(StoredProduct stored, DateOnly historyFrom) =>
        Product.Restore(stored.State with { Days = stored.Days.Values.Where(d => d.Date >= historyFrom).ToArray() });
}

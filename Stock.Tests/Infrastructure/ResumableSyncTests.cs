using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Events;
using Stock.Simulation;
using Stock.Tests.Fakes;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

/// <summary>A first sync cut off part-way resumes where it stopped: no stored page is fetched again, nothing is lost.</summary>
[Trait("Needs", "Services")]
public sealed class ResumableSyncTests
{
    private const string Seller = "ООО Амодекор";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AFirstSyncCutOff_ResumesAfterItsLastStoredPage_FetchesNoPageTwice_AndStoresWhatAnUninterruptedSyncStores(string provider)
    {
        SimulatedMarketplaces sim = null!;
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var h = Harness(() => sim, database);
        await using var simulation = sim = await SimulatedMarketplaces.StartAsync(h.Time);
        sim.WbOrdersPageSize = 50;
        var seller = sim.AddSeller(Seller, "wb-token-resume", "123456", "ozon-key-resume");
        seller.Generate(seed: 11, wbProducts: 8, ozonProducts: 16, sim.Today, historyDays: 70);
        await using (var unit = database.Units.Begin())
        {
            await unit.LegalEntities.SetKeyAsync(LegalEntityName.From(Seller), MarketplaceKey.Wildberries("wb-token-resume"), default);
            await unit.LegalEntities.SetKeyAsync(LegalEntityName.From(Seller), MarketplaceKey.Ozon("123456", "ozon-key-resume"), default);
            await unit.CommitAsync(default);
        }

        // The sixth WB order page and the first later FBO posting page come back broken: both parts of the check fail
        // there. Ozon reads its 61 days in eight slices per list, side by side (D35), so the order in which requests arrive
        // is not fixed (a slice may end before another has asked for its first page). The fault waits for a request with a
        // cursor: a later page of a slice, asked for only after that slice's first page was handed on, so some progress of
        // Ozon is stored.
        sim.AddFault("/api/v1/supplier/orders", SimulatedFault.MalformedJson, after: 5);
        sim.AddFault("/v3/posting/fbo/list", SimulatedFault.MalformedJson, whenBody: body => !body.Contains("\"cursor\":\"\"", StringComparison.Ordinal));
        var cut = await h.CheckAsync();
        var firstRun = sim.Requests.ToList();
        var ozonStored = await StoredPositionsAsync(database, Marketplace.Ozon);

        var resumed = await h.CheckAsync();
        var secondRun = sim.Requests.Skip(firstRun.Count).ToList();

        cut.Marketplaces.Should().OnlyContain(m => !m.Succeeded, "both syncs were cut");
        cut.Marketplaces.Should().OnlyContain(
            m => m.Error!.Contains("malformed JSON", StringComparison.Ordinal) && !m.Error.Contains('\n', StringComparison.Ordinal),
            "each failure reads as the marketplace's own one line, also when one of Ozon's two lists read side by side fails");
        resumed.Succeeded.Should().BeTrue(string.Join("; ", resumed.Marketplaces.Select(m => m.Error)));
        var wbStored = Pages(firstRun, "/api/v1/supplier/orders").Take(5).ToList();
        var wbAgain = Pages(secondRun, "/api/v1/supplier/orders");
        wbStored.Should().HaveCount(5);
        wbAgain.Should().NotIntersectWith(wbStored, "a page stored by the cut sync is never fetched again");
        wbAgain.First().Should().Be(Pages(firstRun, "/api/v1/supplier/orders")[5], "the resumed sync starts at the page that broke");
        // Each FBO part of the resumed sync starts where the cut sync stored it, or at its start; parts stored as done are
        // not asked again. So no page the cut sync stored is fetched again.
        var fboStored = ozonStored.Where(p => p.Key.StartsWith("fbo.", StringComparison.Ordinal)).ToDictionary();
        fboStored.Should().HaveCount(8, "61 days are eight slices of eight days");
        fboStored.Values.Should().Contain(p => p != "" && p != "done", "a slice was cut after its first page was stored");
        var resumedParts = PartsAsked(secondRun, "/v3/posting/fbo/list");
        resumedParts.Should().HaveCount(fboStored.Count(p => p.Value != "done"));
        resumedParts.Values.Should().OnlyContain(first => first == "" || fboStored.ContainsValue(first));
        resumedParts.Values.Should().Contain(fboStored.Values.Where(p => p != "" && p != "done"), "a part cut mid-way resumes at its stored cursor");

        // The same days and units as a sync that was never cut, read from another database.
        await using var control = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var uncut = Harness(() => sim, control);
        uncut.Time.SetUtcNow(h.Time.GetUtcNow());
        await using (var unit = control.Units.Begin())
        {
            await unit.LegalEntities.SetKeyAsync(LegalEntityName.From(Seller), MarketplaceKey.Wildberries("wb-token-resume"), default);
            await unit.LegalEntities.SetKeyAsync(LegalEntityName.From(Seller), MarketplaceKey.Ozon("123456", "ozon-key-resume"), default);
            await unit.CommitAsync(default);
        }

        (await uncut.CheckAsync()).Succeeded.Should().BeTrue();
        (await HistoryAsync(database, h.Today)).Should().Equal(await HistoryAsync(control, h.Today));
        (await HistoryAsync(database, h.Today)).Should().HaveCountGreaterThan(500, "70 days of orders of 16 products were synced");
        await using (var unit = database.Units.Begin())
        {
            var entity = (await unit.LegalEntities.FindByNameAsync(LegalEntityName.From(Seller), default))!;
            (await unit.SyncProgress.FindAsync(entity.Id, Marketplace.Wildberries, default)).Should().BeNull("a finished sync forgets its progress");
            (await unit.SyncProgress.FindAsync(entity.Id, Marketplace.Ozon, default)).Should().BeNull("a finished sync forgets its progress");
            var wb = seller.WbProducts.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var ozon = seller.OzonProducts.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            (await unit.SyncProgress.ReadUnitsAsync(entity.Id, Marketplace.Wildberries, wb, default)).Should().BeEmpty("and the units it stored");
            (await unit.SyncProgress.ReadUnitsAsync(entity.Id, Marketplace.Ozon, ozon, default)).Should().BeEmpty("and the units it stored");
        }
    }

    [Fact]
    public async Task ASaveOfTheProgressThatFails_EndsTheSyncWithItsError_AndTheNextCheckResumesFromTheSaveBefore()
    {
        SimulatedMarketplaces sim = null!;
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        // Progress is saved while the next pages are fetched; the third save of WB's progress fails.
        var saves = new FailingSaves(database.Units, Marketplace.Wildberries, failing: 3);
        await using var h = Harness(() => sim, database, saves);
        await using var simulation = sim = await SimulatedMarketplaces.StartAsync(h.Time);
        sim.WbOrdersPageSize = 50;
        var seller = sim.AddSeller(Seller, "wb-token-save", "123457", "ozon-key-save");
        seller.Generate(seed: 12, wbProducts: 8, ozonProducts: 4, sim.Today, historyDays: 70);
        await SetKeysAsync(database, "wb-token-save", "123457", "ozon-key-save");

        var cut = await h.CheckAsync();
        var firstRun = sim.Requests.ToList();
        var resumed = await h.CheckAsync();
        var secondRun = sim.Requests.Skip(firstRun.Count).ToList();

        cut.Marketplaces.Single(m => m.Marketplace == Marketplace.Wildberries).Error.Should().Be("the database went away");
        cut.Marketplaces.Single(m => m.Marketplace == Marketplace.Ozon).Succeeded.Should().BeTrue("a failed save of WB's progress is WB's alone");
        resumed.Succeeded.Should().BeTrue(string.Join("; ", resumed.Marketplaces.Select(m => m.Error)));
        Pages(secondRun, "/api/v1/supplier/orders").First().Should().Be(
            Pages(firstRun, "/api/v1/supplier/orders")[2], "two saves were stored; the pages after them are fetched again");

        await using var control = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var uncut = Harness(() => sim, control);
        uncut.Time.SetUtcNow(h.Time.GetUtcNow());
        await SetKeysAsync(control, "wb-token-save", "123457", "ozon-key-save");
        (await uncut.CheckAsync()).Succeeded.Should().BeTrue();
        (await HistoryAsync(database, h.Today)).Should().Equal(await HistoryAsync(control, h.Today));
    }

    private static async Task SetKeysAsync(TestDatabase database, string wbToken, string ozonClientId, string ozonKey)
    {
        await using var unit = database.Units.Begin();
        await unit.LegalEntities.SetKeyAsync(LegalEntityName.From(Seller), MarketplaceKey.Wildberries(wbToken), default);
        await unit.LegalEntities.SetKeyAsync(LegalEntityName.From(Seller), MarketplaceKey.Ozon(ozonClientId, ozonKey), default);
        await unit.CommitAsync(default);
    }

    // Where each part of Ozon's posting lists stood in the stored progress: "<slice days>|fbo.0:<cursor>;...".
    private static async Task<Dictionary<string, string>> StoredPositionsAsync(TestDatabase database, Marketplace marketplace)
    {
        await using var unit = database.Units.Begin();
        var entity = (await unit.LegalEntities.FindByNameAsync(LegalEntityName.From(Seller), default))!;
        var cursor = (await unit.SyncProgress.FindAsync(entity.Id, marketplace, default))!.Cursor!;
        return cursor[(cursor.IndexOf('|', StringComparison.Ordinal) + 1)..].Split(';').Select(p => p.Split(':', 2)).ToDictionary(p => p[0], p => p[1]);
    }

    // The first cursor each posting window (a slice, by its filter) was asked with.
    private static Dictionary<string, string> PartsAsked(IEnumerable<SimulatedRequest> requests, string path) =>
        requests.Where(r => r.Path.Contains(path, StringComparison.Ordinal))
            .Select(r => System.Text.Json.JsonDocument.Parse(r.Body!).RootElement)
            .GroupBy(b => b.GetProperty("filter").GetProperty("since").GetString()!)
            .ToDictionary(g => g.Key, g => g.First().GetProperty("cursor").GetString()!);

    // Each order page as its request names it: WB by its query (dateFrom), Ozon by its body (the cursor).
    private static List<string> Pages(IEnumerable<SimulatedRequest> requests, string path) =>
        [.. requests.Where(r => r.Path.Contains(path, StringComparison.Ordinal)).Select(r => r.Query + r.Body)];

    private static async Task<List<string>> HistoryAsync(TestDatabase database, DateOnly today)
    {
        await using var unit = database.Units.Begin();
        var entity = (await unit.LegalEntities.FindByNameAsync(LegalEntityName.From(Seller), default))!;
        var products = await unit.Products.ListAsync(entity.Id, today.AddDays(-400), default);
        return [.. products.SelectMany(p => p.History.Days.Select(d => $"{p.Sku.Marketplace.ToWire()} {p.Sku.Id} {d.Date:yyyy-MM-dd} {d.Quantity}")).Order(StringComparer.Ordinal)];
    }

    private static ApplicationHarness Harness(Func<SimulatedMarketplaces> sim, TestDatabase database, IUnitOfWorkFactory? units = null) =>
        SimulatedHarness.OnDatabase(sim, database, units, o => o.SyncSaveInterval = TimeSpan.Zero);

    /// <summary>Units of work of the real database, except that the <c>failing</c>-th commit saving a sync's progress of one marketplace fails.</summary>
    private sealed class FailingSaves(IUnitOfWorkFactory inner, Marketplace marketplace, int failing) : IUnitOfWorkFactory
    {
        private int _saves;

        private Marketplace Failing => marketplace;

        private bool FailsNext() => Interlocked.Increment(ref _saves) == failing;

        public IUnitOfWork Begin() => new Unit(inner.Begin(), this);

        private sealed class Unit(IUnitOfWork inner, FailingSaves owner) : IUnitOfWork, ISyncProgressRepository
        {
            private bool _saving;

            public ILegalEntityRepository LegalEntities => inner.LegalEntities;
            public IProductRepository Products => inner.Products;
            public IOutbox Outbox => inner.Outbox;
            public ICheckRunRepository CheckRuns => inner.CheckRuns;
            public ISyncProgressRepository SyncProgress => this;

            public Task<SyncProgress?> FindAsync(Guid legalEntityId, Marketplace marketplace, CancellationToken cancellationToken) =>
                inner.SyncProgress.FindAsync(legalEntityId, marketplace, cancellationToken);

            public Task<IReadOnlyList<DailyOrders>> ReadUnitsAsync(Guid legalEntityId, Marketplace marketplace, IReadOnlyCollection<string> skuIds, CancellationToken cancellationToken) =>
                inner.SyncProgress.ReadUnitsAsync(legalEntityId, marketplace, skuIds, cancellationToken);

            public void Stage(Guid legalEntityId, Marketplace marketplace, DateOnly since, string cursor, IReadOnlyList<DailyOrders> units)
            {
                _saving |= marketplace == owner.Failing;
                inner.SyncProgress.Stage(legalEntityId, marketplace, since, cursor, units);
            }

            public void Clear(Guid legalEntityId, Marketplace marketplace) => inner.SyncProgress.Clear(legalEntityId, marketplace);

            public Task<IReadOnlyList<IDomainEvent>> CommitAsync(CancellationToken cancellationToken) =>
                _saving && owner.FailsNext()
                    ? Task.FromException<IReadOnlyList<IDomainEvent>>(new InvalidOperationException("the database went away"))
                    : inner.CommitAsync(cancellationToken);

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Stock.Application.Commands;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Products;
using Stock.Infrastructure.Persistence;
using Stock.Tests.Application;
using Stock.Tests.Fakes;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

/// <summary>The whole check flow through the bus on a real database: EF units of work, database leases and dedup.</summary>
[Trait("Needs", "Services")]
public sealed class CheckFlowOnDatabaseTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoDaysOfChecks_StoreEverything_AndRaiseThePredictedEvents_Once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var h = Harness(database, o => o.BatchSize = 2);
        await SeedAsync(h, database);

        var first = await h.CheckAsync();
        var rerun = await h.CheckAsync();
        Scenario.NextDay(h);
        var second = await h.CheckAsync();

        first.Succeeded.Should().BeTrue(string.Join("; ", first.Marketplaces.Select(m => $"{m.Marketplace}: {m.Error}")));
        first.Events.Should().Be(Alerts.Counts(lowOnStock: 1));
        first.Products.Should().Be(4);
        rerun.Events.Total.Should().Be(0);
        second.Events.Should().Be(Alerts.Counts(lowOnStock: 1, fboOver: 1, fboReceived: 1));
        h.Publisher.Published.Select(m => m.EventType).Should().BeEquivalentTo(["LowOnStock", "LowOnStock", "StockFBOOver", "StockFBOReceived"]);

        await using var unit = database.Units.Begin();
        var entity = (await unit.LegalEntities.FindByNameAsync(LegalEntityName.From(Scenario.Seller), default))!;
        var products = await unit.Products.ListAsync(entity.Id, h.Today.AddDays(-60), default);
        products.Should().HaveCount(4);
        var vase = products.Single(p => p.Sku.Id == Scenario.Vase.ToString());
        (vase.StockFbo, vase.Status, vase.History.Days.Count).Should().Be((3, Stock.Domain.Products.ProductStatus.Ordinary, 61));
        entity.Account(Marketplace.Wildberries)!.SalesSyncedThrough.Should().Be(h.Today);
        (await unit.CheckRuns.RecentAsync(entity.Id, 10, default)).Should().HaveCount(3).And.OnlyContain(r => r.Outcome == CheckOutcome.Succeeded);
        (await unit.Outbox.PendingAsync(10, default)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ConcurrentChecks_OfOneLegalEntity_NeverBothRun(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var h = Harness(database);
        await SeedAsync(h, database);
        h.Wb.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = h.CheckAsync();
        await h.Wb.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        (await FluentActions.Awaiting(() => h.CheckAsync()).Should().ThrowAsync<RequestRejectedException>()).Which.Reason.Should().Be(RequestRejection.AlreadyRunning);
        h.Wb.Gate.SetResult();

        (await first).Succeeded.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AClusterRunningDry_IsAlertedOnce_RememberedInTheDatabase_AndReArmedByASupply(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var h = Harness(database);
        await SeedAsync(h, database);
        var cup = Scenario.OzonCup.ToString(System.Globalization.CultureInfo.InvariantCulture);
        void Novosibirsk(int stock) => h.Ozon.Clusters[cup] =
            [new ClusterStock(4007, "Москва, МО и Дальние регионы", 20, 0.5m), new ClusterStock(4039, "Новосибирск", stock, 0.5m)];

        Novosibirsk(2);
        var first = await h.CheckAsync();
        var rerun = await h.CheckAsync();
        h.Time.Advance(TimeSpan.FromDays(1));
        Novosibirsk(1);
        var stillLow = await h.CheckAsync();
        h.Time.Advance(TimeSpan.FromDays(1));
        Novosibirsk(12);
        var replenished = await h.CheckAsync();

        await using (var unit = database.Units.Begin())
        {
            var entity = (await unit.LegalEntities.FindByNameAsync(LegalEntityName.From(Scenario.Seller), default))!;
            var stored = (await unit.Products.ListAsync(entity.Id, h.Today, default)).Single(p => p.Sku.Id == cup);
            stored.LowClusters.Should().BeEmpty("24 days of cover re-armed Novosibirsk");
        }

        h.Time.Advance(TimeSpan.FromDays(1));
        Novosibirsk(3);
        var dryAgain = await h.CheckAsync();

        (first.Events["StockClusterLow"], rerun.Events["StockClusterLow"], stillLow.Events["StockClusterLow"], replenished.Events["StockClusterLow"], dryAgain.Events["StockClusterLow"])
            .Should().Be((1, 0, 0, 0, 1));
        h.Publisher.Published.Where(m => m.EventType == "StockClusterLow").Select(m => m.Attributes["cluster"]).Should().Equal("4039", "4039");
        await using (var unit = database.Units.Begin())
        {
            var entity = (await unit.LegalEntities.FindByNameAsync(LegalEntityName.From(Scenario.Seller), default))!;
            (await unit.Products.ListAsync(entity.Id, h.Today, default)).Single(p => p.Sku.Id == cup).LowClusters.Should().Equal(4039);
            (await unit.CheckRuns.RecentAsync(entity.Id, 1, default)).Single().Events["StockClusterLow"].Should().Be(1, "the run stores its counts by type");
        }
    }

    private static ApplicationHarness Harness(TestDatabase database, Action<Stock.Application.StockOptions>? configure = null) =>
        new(configure, replace: (services, time) =>
        {
            var contexts = new StockDbContextFactory(database.Options);
            services.AddSingleton<IUnitOfWorkFactory>(new EfUnitOfWorkFactory(contexts, time, database.Cipher));
            services.AddSingleton<ILeaseStore>(new DatabaseLeaseStore(contexts, time));
            services.AddSingleton<IDedupStore>(new DatabaseDedupStore(contexts, time));
        });

    private static async Task SeedAsync(ApplicationHarness h, TestDatabase database)
    {
        Scenario.Amodekor(h); // the catalog; the legal entity goes into the real database below
        await using var unit = database.Units.Begin();
        await unit.LegalEntities.SetKeyAsync(LegalEntityName.From(Scenario.Seller), MarketplaceKey.Wildberries(Scenario.WbToken), default);
        await unit.LegalEntities.SetKeyAsync(LegalEntityName.From(Scenario.Seller), MarketplaceKey.Ozon("123456", Scenario.OzonApiKey), default);
        await unit.CommitAsync(default);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Products;
using Stock.Domain.Rules;
using Stock.Infrastructure.Persistence;
using Stock.Infrastructure.Persistence.Rows;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

/// <summary>One set of persistence tests, run against SQLite and against MariaDB.</summary>
[Trait("Needs", "Services")]
public sealed class PersistenceTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);
    private static readonly RuleOptions Rules = RuleOptions.Default;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task LegalEntitiesAndKeys_RoundTrip(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var name = LegalEntityName.From("ООО Амодекор");

        await using (var unit = database.Units.Begin())
        {
            await unit.LegalEntities.SetKeyAsync(name, MarketplaceKey.Wildberries("wb-token-1"), default);
            await unit.CommitAsync(default);
        }

        await using (var unit = database.Units.Begin())
        {
            await unit.LegalEntities.SetKeyAsync(name, MarketplaceKey.Ozon("777", "ozon-key"), default);
            await unit.LegalEntities.SetKeyAsync(name, MarketplaceKey.Wildberries("wb-token-2"), default);
            await unit.CommitAsync(default);
        }

        LegalEntity entity;
        await using (var unit = database.Units.Begin())
        {
            entity = (await unit.LegalEntities.FindByNameAsync(name, default))!;
            await unit.LegalEntities.MarkSalesSyncedAsync(entity.Id, Marketplace.Ozon, Today, default);
            await unit.CommitAsync(default);
        }

        await using var check = database.Units.Begin();
        var stored = (await check.LegalEntities.FindByNameAsync(name, default))!;
        stored.Id.Should().Be(entity.Id);
        stored.Account(Marketplace.Wildberries)!.Key.Secret.Should().Be("wb-token-2");
        stored.Account(Marketplace.Ozon)!.Key.ClientId.Should().Be("777");
        stored.Account(Marketplace.Ozon)!.SalesSyncedThrough.Should().Be(Today);
        (await check.LegalEntities.FindByNameAsync(LegalEntityName.From("ооо амодекор"), default)).Should().BeNull("names match exactly on every provider");
        (await check.LegalEntities.ListAsync(default)).Should().ContainSingle();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Products_WithHistoryAndBandMemory_RoundTrip(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var entity = await SeedLegalEntityAsync(database);
        var sku = Sku.From(Marketplace.Wildberries, 211111111, "MUG-RED-300");
        var orders = Enumerable.Range(1, 60).ToDictionary(i => Today.AddDays(-i), i => i % 3);
        var product = Product.Create(entity.Id, FetchedProduct.Create(sku, "Кружка", 3, 2, Today.AddDays(-60), orders), Today, Rules);

        await SaveAsync(database, product);

        await using var unit = database.Units.Begin();
        var loaded = (await unit.Products.LoadAsync(entity.Id, Marketplace.Wildberries, [sku.Id], Today.AddDays(-60), default))[sku.Id];
        loaded.Should().BeEquivalentTo(product, o => o.Excluding(p => p.Sales));
        loaded.History.Days.Should().Equal(product.History.Days);
        loaded.NotifiedBand.Should().Be(product.NotifiedBand).And.NotBeNull();

        var recent = (await unit.Products.LoadAsync(entity.Id, Marketplace.Wildberries, [sku.Id], Today.AddDays(-10), default))[sku.Id];
        recent.History.Days.Should().OnlyContain(d => d.Date >= Today.AddDays(-10), "only the days a window needs are loaded");
        (await unit.Products.ListAsync(entity.Id, Today.AddDays(-60), default)).Should().ContainSingle().Which.Sku.Should().Be(sku);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task History_OfALargeSeller_SixtyDaysOfHundredsSoldAndFiveDigitStock_IsReadWhole(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var entity = await SeedLegalEntityAsync(database);
        var sku = Sku.From(Marketplace.Wildberries, 211111112, "TOWEL-XL");
        var start = Today.AddDays(-60);
        var product = Product.Create(entity.Id, FetchedProduct.Create(sku, "Полотенце", 40_000, 12_000, start), start, Rules);
        for (var day = 1; day <= 60; day++)
        {
            var sold = new Dictionary<DateOnly, int> { [start.AddDays(day - 1)] = 300 + (7 * day) };
            product.Merge(FetchedProduct.Create(sku, "Полотенце", 40_000 - (97 * day), 12_000, start.AddDays(day - 1), sold), start.AddDays(day), Rules);
        }

        await SaveAsync(database, product);

        // Packed as a check reads them (D37), these days pass 1,024 bytes: MySQL 8's default group_concat_max_len.
        var epoch = new DateOnly(1970, 1, 1).DayNumber;
        product.History.Days.Sum(d => $"{d.Date.DayNumber - epoch},{d.Quantity},1,{d.Stock};".Length).Should().BeGreaterThan(1024);
        product.History.Days.Should().HaveCountGreaterThanOrEqualTo(60).And.OnlyContain(d => d.Stock == null || d.Stock >= 10_000);
        await using var unit = database.Units.Begin();
        var loaded = (await unit.Products.LoadAsync(entity.Id, Marketplace.Wildberries, [sku.Id], start, default))[sku.Id];
        loaded.History.Days.Should().Equal(product.History.Days.Where(d => d.Date >= start));
        (await unit.Products.ListAsync(entity.Id, start, default)).Single().History.Days.Should().Equal(loaded.History.Days, "the report reads the same history");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SkusWithFboStock_AreTheMarketplacesStoredProductsThatHoldSome(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var entity = await SeedLegalEntityAsync(database);
        var stocked = Sku.From(Marketplace.Wildberries, 211111111, "MUG-RED-300");
        var empty = Sku.From(Marketplace.Wildberries, 211111112, "VASE-01");
        var ozon = Sku.From(Marketplace.Ozon, 1700000001, "MUG-OZ");
        foreach (var (sku, fbo) in new[] { (stocked, 3), (empty, 0), (ozon, 5) })
        {
            await SaveAsync(database, Product.Create(entity.Id, FetchedProduct.Create(sku, "Товар", fbo, 4, Today.AddDays(-1), new Dictionary<DateOnly, int>()), Today, Rules));
        }

        await using var unit = database.Units.Begin();
        (await unit.Products.SkusWithFboStockAsync(entity.Id, Marketplace.Wildberries, default)).Should().BeEquivalentTo([stocked.Id]);
        (await unit.Products.SkusWithFboStockAsync(entity.Id, Marketplace.Ozon, default)).Should().BeEquivalentTo([ozon.Id]);
        (await unit.Products.SkusWithFboStockAsync(Guid.NewGuid(), Marketplace.Wildberries, default)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ReRunOfTheSameUpsert_ChangesNothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var entity = await SeedLegalEntityAsync(database);
        var fetched = Fetched(1, orderDays: 10);
        await SaveAsync(database, Product.Create(entity.Id, fetched, Today, Rules));
        var before = await SalesRowsAsync(database);

        for (var run = 0; run < 2; run++)
        {
            await using var unit = database.Units.Begin();
            var stored = await unit.Products.LoadAsync(entity.Id, Marketplace.Wildberries, [fetched.Sku.Id], Today.AddDays(-60), default);
            stored[fetched.Sku.Id].Merge(fetched, Today, Rules);
            unit.Products.Save(stored.Values.ToArray());
            await unit.CommitAsync(default);
        }

        (await SalesRowsAsync(database)).Should().Equal(before);
        await using var db = database.Contexts.Create();
        (await db.Products.CountAsync()).Should().Be(1);
        (await db.Skus.CountAsync()).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DayRecords_MergeOnUpsert_QuantityReplacedInStockKept(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var entity = await SeedLegalEntityAsync(database);
        var sku = Sku.From(Marketplace.Wildberries, 5, "X");
        await SaveAsync(database, Product.Create(entity.Id, FetchedProduct.Create(sku, "X", 4, 0, Today), Today, Rules));

        await using (var unit = database.Units.Begin())
        {
            var stored = await unit.Products.LoadAsync(entity.Id, Marketplace.Wildberries, [sku.Id], Today.AddDays(-60), default);
            stored[sku.Id].Merge(FetchedProduct.Create(sku, "X", 0, 0, Today, new Dictionary<DateOnly, int> { [Today] = 4 }), Today, Rules);
            unit.Products.Save(stored.Values.ToArray());
            await unit.CommitAsync(default);
        }

        (await SalesRowsAsync(database)).Should().Equal((Today, 4, true));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task UniqueKeys_AreEnforced(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var entity = await SeedLegalEntityAsync(database);
        await SaveAsync(database, Product.Create(entity.Id, Fetched(1, orderDays: 2), Today, Rules));
        long productId, skuId;
        await using (var db = database.Contexts.Create())
        {
            (productId, skuId) = await db.Products.Select(p => ValueTuple.Create(p.Id, p.SkuId)).SingleAsync();
        }

        await ShouldViolateUniqueKey(database, db => db.Skus.Add(new SkuRow { Marketplace = "wb", Sku = "100001", VendorCode = "dup" }));
        await ShouldViolateUniqueKey(database, db => db.Products.Add(new ProductRow { LegalEntityId = entity.Id, SkuId = skuId, Name = "dup", Url = "u" }));
        await ShouldViolateUniqueKey(database, db => db.Sales.Add(new SaleRow { ProductId = productId, Date = Today, Quantity = 1 }));
        await ShouldViolateUniqueKey(database, db => db.LegalEntities.Add(new LegalEntityRow { Id = Guid.NewGuid(), Name = entity.Name.Value }));
        await ShouldViolateUniqueKey(database, db => db.ApiKeys.Add(new ApiKeyRow { LegalEntityId = entity.Id, Marketplace = "wb", Secret = "s" }));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OutboxRows_SurviveARollbackOfALaterTransaction(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var entity = await SeedLegalEntityAsync(database);
        var first = Message(entity.Id, "first");

        await using (var unit = database.Units.Begin())
        {
            unit.Outbox.Add([first]);
            await unit.CommitAsync(default);
        }

        await using (var unit = database.Units.Begin())
        {
            unit.Outbox.Add([Message(entity.Id, "second")]);
            unit.Products.Save([Product.Create(entity.Id, Fetched(1, orderDays: 2), Today, Rules)]);
            // Disposed without a commit: rolled back.
        }

        await using (var unit = database.Units.Begin())
        {
            var third = Message(entity.Id, "third");
            unit.Outbox.Add([third]);
            unit.Outbox.Add([third, first]); // the same events again: each stored once
            await unit.CommitAsync(default);
        }

        await using var check = database.Units.Begin();
        var pending = await check.Outbox.PendingAsync(10, default);
        pending.Select(m => m.DedupKey).Should().Equal("first", "third");
        pending[0].Should().BeEquivalentTo(first);
        (await check.Products.ListAsync(entity.Id, Today, default)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Outbox_MarkSentAndSuppressed_LeaveOnlyTheRestPending(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var entity = await SeedLegalEntityAsync(database);
        var messages = Enumerable.Range(1, 3).Select(i => Message(entity.Id, $"k{i}")).ToArray();
        await using (var unit = database.Units.Begin())
        {
            unit.Outbox.Add(messages);
            await unit.CommitAsync(default);
        }

        var at = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
        await using (var unit = database.Units.Begin())
        {
            var pending = await unit.Outbox.PendingAsync(2, default);
            unit.Outbox.MarkSent(pending[0].EventId, at);
            unit.Outbox.MarkSuppressed(pending[1].EventId, "held by another", at);
            await unit.CommitAsync(default);
        }

        await using var check = database.Units.Begin();
        (await check.Outbox.PendingAsync(10, default)).Select(m => m.EventId).Should().Equal(messages[2].EventId);
        var recent = await check.Outbox.RecentAsync(entity.Id, 10, default);
        recent.Select(m => m.Status).Should().Equal(OutboxStatus.Pending, OutboxStatus.Suppressed, OutboxStatus.Sent);
        recent[1].Reason.Should().Be("held by another");
        recent[2].ProcessedAt.Should().Be(at);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Outbox_Purge_DeletesOnlyProcessedRowsOlderThanTheCutoff(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var entity = await SeedLegalEntityAsync(database);
        var messages = Enumerable.Range(1, 4).Select(i => Message(entity.Id, $"k{i}")).ToArray();
        await using (var unit = database.Units.Begin())
        {
            unit.Outbox.Add(messages);
            await unit.CommitAsync(default);
        }

        var old = new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);
        var recentlyAt = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        await using (var unit = database.Units.Begin())
        {
            var pending = await unit.Outbox.PendingAsync(3, default);
            unit.Outbox.MarkSent(pending[0].EventId, old);
            unit.Outbox.MarkSuppressed(pending[1].EventId, "held by another", old);
            unit.Outbox.MarkSent(pending[2].EventId, recentlyAt);
            await unit.CommitAsync(default);
        }

        await using var check = database.Units.Begin();
        (await check.Outbox.PurgeAsync(new DateTimeOffset(2026, 10, 27, 0, 0, 0, TimeSpan.Zero), default)).Should().Be(2);
        (await check.Outbox.RecentAsync(entity.Id, 10, default)).Select(m => m.EventId).Should().Equal(messages[3].EventId, messages[2].EventId);
        (await check.Outbox.BacklogAsync(default)).Pending.Should().Be(1, "a pending row is never purged, however old");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CheckRuns_RoundTrip(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var entity = await SeedLegalEntityAsync(database);
        var run = new CheckRun { Id = Guid.NewGuid(), LegalEntityId = entity.Id, BusinessDate = Today, StartedAt = new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero) };
        await using (var unit = database.Units.Begin())
        {
            unit.CheckRuns.Add(run);
            await unit.CommitAsync(default);
        }

        var finished = run with
        {
            FinishedAt = run.StartedAt.AddMinutes(2),
            Outcome = CheckOutcome.PartiallyFailed,
            Marketplaces = new Dictionary<Marketplace, string> { [Marketplace.Wildberries] = "ok", [Marketplace.Ozon] = "ozon POST /v3/product/list: Unauthorized (HTTP 401)" },
            Products = 12,
            Events = Alerts.Counts(lowOnStock: 1, fboOver: 2, fboReceived: 3, clusterLow: 4),
        };
        await using (var unit = database.Units.Begin())
        {
            unit.CheckRuns.Update(finished);
            await unit.CommitAsync(default);
        }

        await using var check = database.Units.Begin();
        (await check.CheckRuns.RecentAsync(entity.Id, 5, default)).Should().ContainSingle().Which.Should().BeEquivalentTo(finished);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SecondLease_IsRefused_UntilTheFirstEndsOrExpires(string provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync(provider, time);
        await LeaseRulesAsync(new DatabaseLeaseStore(database.Contexts, time), time);
    }

    [Fact]
    public async Task SqliteLeases_InTheirOwnFile_FollowTheSameRules()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite, time);
        using var leases = new SqliteLeaseStore(database.Options, time);

        await LeaseRulesAsync(leases, time);
        using var realTime = new SqliteLeaseStore(database.Options, TimeProvider.System);
        await LeaseTakeoverAsync(realTime);
        File.Exists(SqliteLeaseStore.File(database.Options)).Should().BeTrue("beside the database, not in it");

        // A process killed while EF Core held its migration lock on the lease file leaves the lock row behind; the next
        // process migrates as every command does (no lock when nothing is pending), and does not wait for ever.
        await using (var file = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={SqliteLeaseStore.File(database.Options)};Pooling=False"))
        {
            await file.OpenAsync();
            await using var lockRow = file.CreateCommand();
            lockRow.CommandText = "CREATE TABLE IF NOT EXISTS \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL PRIMARY KEY, \"Timestamp\" TEXT NOT NULL); INSERT INTO \"__EFMigrationsLock\" VALUES (1, datetime('now'))";
            await lockRow.ExecuteNonQueryAsync();
        }

        using var afterAKill = new SqliteLeaseStore(database.Options, TimeProvider.System);
        (await afterAKill.TryAcquireAsync("check:after-kill", "next", TimeSpan.FromMinutes(1), default).WaitAsync(TimeSpan.FromSeconds(30))).Should().NotBeNull();
    }

    private static async Task LeaseRulesAsync(ILeaseStore leases, FakeTimeProvider time)
    {
        var ttl = TimeSpan.FromSeconds(60);
        var first = await leases.TryAcquireAsync("check:a", "first", ttl, default);
        first.Should().NotBeNull();
        (await leases.TryAcquireAsync("check:a", "other", ttl, default)).Should().BeNull();
        (await leases.FindHolderAsync("check:a", default)).Should().Be(new LeaseHolder("first", time.GetUtcNow() + ttl));
        (await leases.TryAcquireAsync("check:b", "other", ttl, default)).Should().NotBeNull("leases are per name");

        time.Advance(TimeSpan.FromSeconds(40));
        (await first!.RenewAsync(ttl, default)).Should().BeTrue();
        time.Advance(TimeSpan.FromSeconds(40));
        (await leases.TryAcquireAsync("check:a", "other", ttl, default)).Should().BeNull("renewed 40 s ago for 60 s");

        await first.DisposeAsync();
        (await leases.FindHolderAsync("check:a", default)).Should().BeNull();
        var second = await leases.TryAcquireAsync("check:a", "second", ttl, default);
        second.Should().NotBeNull("the first ended");

        time.Advance(TimeSpan.FromSeconds(61)); // the holder died
        var third = await leases.TryAcquireAsync("check:a", "third", ttl, default);
        third.Should().NotBeNull("the second expired");
        (await second!.RenewAsync(ttl, default)).Should().BeFalse("a dead holder's renewal does not steal the lease back");
        await second.DisposeAsync(); // a late release of an expired lease does not free the new holder's
        (await leases.TryAcquireAsync("check:a", "other", ttl, default)).Should().BeNull();
        (await leases.FindHolderAsync("check:a", default))!.Holder.Should().Be("third");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ALeaseWhoseHolderProcessOnThisMachineIsGone_IsFree_OneAliveOrElsewhereIsNot(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await LeaseTakeoverAsync(new DatabaseLeaseStore(database.Contexts, TimeProvider.System));
    }

    private static async Task LeaseTakeoverAsync(ILeaseStore leases)
    {
        using var alive = System.Diagnostics.Process.Start("sleep", "60")!;
        int dead;
        using (var gone = System.Diagnostics.Process.Start("true")!)
        {
            await gone.WaitForExitAsync();
            dead = gone.Id;
        }

        var ttl = TimeSpan.FromMinutes(10);
        (await leases.TryAcquireAsync("check:alive", $"check 1 on {Environment.MachineName} (pid {alive.Id})", ttl, default)).Should().NotBeNull();
        (await leases.TryAcquireAsync("check:dead", $"check 2 on {Environment.MachineName} (pid {dead})", ttl, default)).Should().NotBeNull();
        (await leases.TryAcquireAsync("check:elsewhere", $"check 3 on another-host (pid {dead})", ttl, default)).Should().NotBeNull();

        (await leases.TryAcquireAsync("check:alive", "taker", ttl, default)).Should().BeNull("its holder still runs");
        (await leases.TryAcquireAsync("check:dead", "taker", ttl, default)).Should().NotBeNull("its holder is gone: it died, or could not release it");
        (await leases.TryAcquireAsync("check:elsewhere", "taker", ttl, default)).Should().BeNull("a process of another machine is not ours to judge");
        (await leases.FindHolderAsync("check:dead", default))!.Holder.Should().Be("taker");
        alive.Kill();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DatabaseDedup_ClaimsABatchInTwoCommands_WithTheOutcomesOfOneByOne(string provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync(provider, time);
        var dedup = new DatabaseDedupStore(database.Contexts, time);
        var (a, b, c, d) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await dedup.ClaimAsync("held", a, TimeSpan.FromHours(15), default);
        await dedup.ClaimAsync("mine", b, TimeSpan.FromHours(15), default);
        await dedup.ClaimAsync("expired", a, TimeSpan.FromHours(1), default);
        time.Advance(TimeSpan.FromHours(2));
        database.Commands.Reset();

        var claims = await dedup.ClaimManyAsync(
            [.. Enumerable.Range(0, 100).Select(i => new DedupRequest($"free-{i}", c)), new DedupRequest("held", d), new DedupRequest("mine", b), new DedupRequest("expired", d)],
            TimeSpan.FromHours(15),
            default);

        claims.Take(100).Should().OnlyContain(x => x == new DedupClaim(DedupOutcome.Claimed, c));
        claims.Skip(100).Should().Equal(new DedupClaim(DedupOutcome.HeldByOther, a), new DedupClaim(DedupOutcome.HeldBySameEvent, b), new DedupClaim(DedupOutcome.Claimed, d));
        database.Commands.Count.Should().BeLessThan(10, "one read and one insert claim the hundred free keys; the expired one goes on its own");
        (await dedup.ClaimAsync("free-7", d, TimeSpan.FromHours(15), default)).Should().Be(new DedupClaim(DedupOutcome.HeldByOther, c));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DatabaseDedup_FollowsTheRedisRule(string provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync(provider, time);
        var dedup = new DatabaseDedupStore(database.Contexts, time);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        (await dedup.ClaimAsync("k", a, TimeSpan.FromHours(15), default)).Outcome.Should().Be(DedupOutcome.Claimed);
        (await dedup.ClaimAsync("k", a, TimeSpan.FromHours(15), default)).Outcome.Should().Be(DedupOutcome.HeldBySameEvent);
        (await dedup.ClaimAsync("k", b, TimeSpan.FromHours(15), default)).Should().Be(new DedupClaim(DedupOutcome.HeldByOther, a));

        time.Advance(TimeSpan.FromHours(15));
        (await dedup.ClaimAsync("k", b, TimeSpan.FromHours(15), default)).Outcome.Should().Be(DedupOutcome.Claimed);
        (await dedup.ClaimAsync("k", a, TimeSpan.FromHours(15), default)).Should().Be(new DedupClaim(DedupOutcome.HeldByOther, b));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ConcurrentUpdates_OfOneProduct_TheSecondCommitFails(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var entity = await SeedLegalEntityAsync(database);
        var fetched = Fetched(1, orderDays: 2);
        await SaveAsync(database, Product.Create(entity.Id, fetched, Today, Rules));

        await using var one = database.Units.Begin();
        await using var two = database.Units.Begin();
        var a = await one.Products.LoadAsync(entity.Id, Marketplace.Wildberries, [fetched.Sku.Id], Today, default);
        var b = await two.Products.LoadAsync(entity.Id, Marketplace.Wildberries, [fetched.Sku.Id], Today, default);
        a.Values.Single().Merge(FetchedProduct.Create(fetched.Sku, fetched.Name, 4, 1, Today), Today, Rules);
        b.Values.Single().Merge(FetchedProduct.Create(fetched.Sku, fetched.Name, 7, 1, Today), Today, Rules);
        one.Products.Save(a.Values.ToArray());
        two.Products.Save(b.Values.ToArray());
        await one.CommitAsync(default);

        await FluentActions.Awaiting(() => two.CommitAsync(default)).Should().ThrowAsync<DbUpdateConcurrencyException>();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AProductNothingChanged_IsNotWrittenAgain_OneThatChanged_Is(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var entity = await SeedLegalEntityAsync(database);
        var same = Fetched(1, orderDays: 2);
        var moving = FetchedProduct.Create(Sku.From(Marketplace.Wildberries, 77, "MOVES"), "Moves", 20, 0, Today.AddDays(-2));
        await SaveAsync(database, Product.Create(entity.Id, same, Today, Rules));
        await SaveAsync(database, Product.Create(entity.Id, moving, Today, Rules));

        var commands = new CommandLog();
        await using (var unit = new EfUnitOfWorkFactory(new StockDbContextFactory(database.Options, interceptors: [commands]), TimeProvider.System, database.Cipher).Begin())
        {
            var loaded = await unit.Products.LoadAsync(entity.Id, Marketplace.Wildberries, [same.Sku.Id, moving.Sku.Id], Today.AddDays(-60), default);
            loaded[same.Sku.Id].Merge(same, Today, Rules);
            loaded[moving.Sku.Id].Merge(FetchedProduct.Create(moving.Sku, "Moves", 3, 0, Today), Today, Rules);
            unit.Products.Save([.. loaded.Values]);
            await unit.CommitAsync(default);
        }

        var updates = commands.Text.Where(c => c.Contains("UPDATE products", StringComparison.OrdinalIgnoreCase)).ToList();
        updates.Should().ContainSingle("one batch statement updates the products that changed");
        updates[0].Should().Contain("\"fbo\":3", "the product whose stock moved is updated");
        System.Text.RegularExpressions.Regex.Count(updates[0], "\"id\":").Should().Be(1, "the product nothing changed is not written again");
        commands.Text.Should().NotContain(c => c.Contains("INSERT INTO skus", StringComparison.OrdinalIgnoreCase), "no sku is new or renamed");
    }

    private sealed class CommandLog : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        public List<string> Text { get; } = [];

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> NonQueryExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Text.Add(command.CommandText + " " + string.Join(" ", command.Parameters.Cast<System.Data.Common.DbParameter>().Select(p => p.Value)));
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    public static TheoryData<string, bool> ProvidersWithAndWithoutASave =>
        new() { { TestDatabase.Sqlite, true }, { TestDatabase.Sqlite, false }, { TestDatabase.MySql, true }, { TestDatabase.MySql, false } };

    [Theory]
    [MemberData(nameof(ProvidersWithAndWithoutASave))]
    public async Task History_OlderThanRetention_IsDeletedWhenAsked_ByAUnitThatSavesOrSavesNothing(string provider, bool saveToo)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (product, start) = await StoredWithAnExpiredDayAsync(database, Sku.From(Marketplace.Wildberries, 9, "R"));
        (await SalesRowsAsync(database)).Select(r => r.Date).Should().Contain(start, "a save alone deletes nothing");

        await ForgetExpiredDaysAsync(database, product, saveToo);

        (await SalesRowsAsync(database)).Select(r => r.Date).Should().NotContain(start).And.Contain(Today.AddDays(-10));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SavingThousandsOfProducts_SendsABoundedNumberOfCommands_NotOnePerProduct(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var entity = await SeedLegalEntityAsync(database);

        var small = await CommandsToSaveAsync(database, entity.Id, count: 1000, firstId: 1);
        var large = await CommandsToSaveAsync(database, entity.Id, count: 2000, firstId: 10_000);

        // 63,000 day rows of some 50 characters, and an alert or two a product: statements of 40,000 characters (D53)
        // carry hundreds of rows each, never a row or a product a command.
        small.Should().BeLessThan(63_000 / 300, "1,000 products with 60 days each are 63,000 rows, and their alerts as many outbox rows, written in texts of hundreds of rows");
        large.Should().BeLessThan(126_000 / 300, "twice the rows, in texts as full");
        (await SalesRowsAsync(database)).Should().HaveCount(3000 * 61, "60 days of orders and today's record each");
    }

    private static async Task<int> CommandsToSaveAsync(TestDatabase database, Guid legalEntityId, int count, int firstId)
    {
        var from = Today.AddDays(-60);
        var orders = Enumerable.Range(1, 60).ToDictionary(i => Today.AddDays(-i), i => 1 + (i % 4));
        var products = Enumerable.Range(firstId, count)
            .Select(i => Product.Create(legalEntityId, FetchedProduct.Create(Sku.From(Marketplace.Wildberries, i, $"V{i}"), $"Товар {i}", i % 20, 1, from, orders), Today, Rules))
            .ToArray();

        await using var unit = database.Units.Begin();
        database.Commands.Reset();
        await unit.Products.LoadAsync(legalEntityId, Marketplace.Wildberries, products.Select(p => p.Sku.Id).ToArray(), from, default);
        unit.Products.Save(products);
        var alerts = await unit.CommitAsync(default);
        alerts.Should().HaveCountGreaterThan(count, "every product's supply is due and most are low on stock: their alerts are written with them");
        return database.Commands.Count;
    }

    private static async Task ShouldViolateUniqueKey(TestDatabase database, Action<StockDbContext> add)
    {
        await using var db = database.Contexts.Create();
        add(db);
        var thrown = await FluentActions.Awaiting(() => db.SaveChangesAsync()).Should().ThrowAsync<DbUpdateException>();
        StockDbContextFactory.IsUniqueViolation(thrown.Which).Should().BeTrue(thrown.Which.InnerException?.Message);
    }

    private static async Task<LegalEntity> SeedLegalEntityAsync(TestDatabase database)
    {
        await using var unit = database.Units.Begin();
        var entity = await unit.LegalEntities.SetKeyAsync(LegalEntityName.From("ООО Амодекор"), MarketplaceKey.Wildberries("token"), default);
        await unit.CommitAsync(default);
        return entity;
    }

    // A stored product with a day 450 days back, past the retention, and one 10 days back.
    private static async Task<(Product Product, DateOnly Expired)> StoredWithAnExpiredDayAsync(TestDatabase database, Sku sku)
    {
        var entity = await SeedLegalEntityAsync(database);
        var start = Today.AddDays(-450);
        var product = Product.Create(entity.Id, FetchedProduct.Create(sku, sku.VendorCode, 1, 0, start, new Dictionary<DateOnly, int> { [start] = 1 }), start, Rules);
        product.Merge(FetchedProduct.Create(sku, sku.VendorCode, 1, 0, Today.AddDays(-10), new Dictionary<DateOnly, int> { [Today.AddDays(-10)] = 2 }), Today, Rules);
        await SaveAsync(database, product);
        return (product, start);
    }

    // One unit of work that loads the product and asks to forget its expired days, saving it too or saving nothing.
    private static async Task ForgetExpiredDaysAsync(TestDatabase database, Product product, bool saveToo)
    {
        await using var unit = database.Units.Begin();
        var loaded = await unit.Products.LoadAsync(product.LegalEntityId, product.Sku.Marketplace, [product.Sku.Id], Today.AddDays(-500), default);
        if (saveToo)
        {
            unit.Products.Save([product]);
        }

        unit.Products.ForgetExpiredDays([saveToo ? product : loaded[product.Sku.Id]]);
        await unit.CommitAsync(default);
    }

    private static async Task SaveAsync(TestDatabase database, Product product)
    {
        await using var unit = database.Units.Begin();
        await unit.Products.LoadAsync(product.LegalEntityId, product.Sku.Marketplace, [product.Sku.Id], Today.AddDays(-500), default);
        unit.Products.Save([product]);
        await unit.CommitAsync(default);
    }

    private static async Task<List<(DateOnly Date, int Quantity, bool InStock)>> SalesRowsAsync(TestDatabase database)
    {
        await using var db = database.Contexts.Create();
        var rows = await db.Sales.AsNoTracking().OrderBy(s => s.ProductId).ThenBy(s => s.Date).ToListAsync();
        return rows.Select(r => (r.Date, r.Quantity, r.InStock)).ToList();
    }

    private static FetchedProduct Fetched(long id, int orderDays) =>
        FetchedProduct.Create(
            Sku.From(Marketplace.Wildberries, 100_000 + id, $"V{id}"),
            $"Товар {id}",
            3,
            1,
            Today.AddDays(-orderDays),
            Enumerable.Range(1, orderDays).ToDictionary(i => Today.AddDays(-i), i => i));

    private static OutboxMessage Message(Guid legalEntityId, string key) => new(
        Guid.NewGuid(),
        "LowOnStock",
        key,
        legalEntityId,
        "{\"seller\":\"ООО Амодекор\"}",
        new Dictionary<string, string> { ["event_type"] = "LowOnStock", ["sku"] = "1" },
        new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero));
}

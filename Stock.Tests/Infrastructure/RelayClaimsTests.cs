using Microsoft.Extensions.DependencyInjection;
using Stock.Application.Commands;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Infrastructure.Persistence;
using Stock.Tests.Fakes;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

/// <summary>Relays claim outbox rows on the real databases (docs/contracts.md, Delivery): any number at once, each row published once.</summary>
[Trait("Needs", "Services")]
public sealed class RelayClaimsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ThreeRelaysRacingOverAThousandPendingRows_PublishEachExactlyOnce(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var entity = await SeedAsync(database, 1000);
        await using var h = Harness(database, o => o.RelayBatchSize = 50);
        h.Publisher.Delay = TimeSpan.FromMilliseconds(5);

        var relays = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => h.SendAsync(new RelayOutbox()))));

        relays.Should().OnlyContain(r => r.Succeeded);
        relays.Sum(r => r.Published).Should().Be(1000);
        h.Publisher.Published.Select(m => m.EventId).Should().OnlyHaveUniqueItems().And.HaveCount(1000);
        await using var unit = database.Units.Begin();
        (await unit.Outbox.BacklogAsync(default)).Pending.Should().Be(0);
        (await unit.Outbox.RecentAsync(entity, 1000, default)).Should().OnlyContain(m => m.Status == OutboxStatus.Sent);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ABatchOfAThousand_IsClaimedAndMarkedSentInOneStatementEach(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database, 1000);
        await using var h = new ApplicationHarness(o => o.RelayBatchSize = 1000, replace: (services, _) =>
        {
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<IUnitOfWorkFactory>(new EfUnitOfWorkFactory(database.Contexts, TimeProvider.System, database.Cipher));
        });
        while (database.Commands.Texts.TryDequeue(out _))
        {
        }

        var relay = await h.SendAsync(new RelayOutbox());

        relay.Published.Should().Be(1000);
        h.Publisher.Published.Should().HaveCount(1000);
        var writes = database.Commands.Texts.Where(t => t.Contains("UPDATE", StringComparison.OrdinalIgnoreCase) && t.Contains("outbox_messages", StringComparison.Ordinal)).ToList();
        writes.Should().HaveCount(2, "one statement claims the batch and one marks it sent, never one per row");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RowsOfAFailedRelay_AreReleasedAtOnce_AndRowsOfADeadOne_WhenItsClaimExpires(string provider)
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync(provider, time);
        await SeedAsync(database, 10);
        await using (var dead = database.Units.Begin())
        {
            (await dead.Outbox.ClaimPendingAsync(Guid.NewGuid(), 4, time.GetUtcNow(), TimeSpan.FromSeconds(60), default)).Should().HaveCount(4);
            // the process dies here: no commit, the claims stay in the database
        }

        await using var h = Harness(database, o => o.RelayBatchSize = 3, time);
        h.Publisher.Down = true;
        var failed = await h.SendAsync(new RelayOutbox());
        h.Publisher.Down = false;
        var afterFailure = await h.SendAsync(new RelayOutbox());
        time.Advance(TimeSpan.FromSeconds(61));
        var afterExpiry = await h.SendAsync(new RelayOutbox());

        failed.Pending.Should().Be(10);
        afterFailure.Published.Should().Be(6, "the failed relay's rows went back at once; the dead one's are still claimed");
        afterExpiry.Published.Should().Be(4, "the dead relay's claims expired");
        h.Publisher.Published.Select(m => m.EventId).Should().OnlyHaveUniqueItems().And.HaveCount(10);
    }

    private static ApplicationHarness Harness(TestDatabase database, Action<Stock.Application.StockOptions> configure, TimeProvider? time = null) =>
        new(configure, replace: (services, fakeTime) =>
        {
            var clock = time ?? TimeProvider.System;
            services.AddSingleton(clock);
            services.AddSingleton<IUnitOfWorkFactory>(new EfUnitOfWorkFactory(database.Contexts, clock, database.Cipher));
            services.AddSingleton<IDedupStore>(new DatabaseDedupStore(database.Contexts, clock));
        });

    private static async Task<Guid> SeedAsync(TestDatabase database, int rows)
    {
        Guid id;
        await using (var unit = database.Units.Begin())
        {
            id = (await unit.LegalEntities.SetKeyAsync(LegalEntityName.From("ООО Амодекор"), MarketplaceKey.Wildberries("wb-token-claims"), default)).Id;
            await unit.CommitAsync(default);
        }

        await using (var unit = database.Units.Begin())
        {
            unit.Outbox.Add(Enumerable.Range(1, rows).Select(i => new OutboxMessage(
                Guid.NewGuid(),
                "LowOnStock",
                $"LowOnStock:ООО Амодекор:wb:{i}:sent_6",
                id,
                "{\"seller\":\"ООО Амодекор\"}",
                new Dictionary<string, string> { ["event_type"] = "LowOnStock", ["sku"] = $"{i}" },
                new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero).AddSeconds(i))).ToArray());
            await unit.CommitAsync(default);
        }

        return id;
    }
}

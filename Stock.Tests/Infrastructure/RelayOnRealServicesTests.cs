using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Stock.Application.Commands;
using Stock.Application.Ports;
using Stock.Tests.Application;
using Stock.Tests.Fakes;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

/// <summary>The outbox relay with the real Redis and the real Pub/Sub emulator that the test script starts.</summary>
[Trait("Needs", "Services")]
public sealed class RelayOnRealServicesTests
{
    [Fact]
    public async Task Relay_PublishesTheThreeEventTypes_ToPubSub_AsTheContractSays()
    {
        using var topics = new EmulatorTopics(Guid.NewGuid().ToString("N")[..8]);
        await topics.CreateAsync("low_on_stock", "fbo_over", "fbo_received");
        await using var h = new ApplicationHarness(replace: (services, _) =>
        {
            var configuration = Configuration(new()
            {
                ["PROJECT_ID"] = TestServices.PubSubProject,
                ["PUBSUB_EMULATOR_HOST"] = TestServices.PubSubEmulator,
                ["Stock:PubSub:Topics:LowOnStock"] = topics.Topic("low_on_stock"),
                ["Stock:PubSub:Topics:StockFboOver"] = topics.Topic("fbo_over"),
                ["Stock:PubSub:Topics:StockFboReceived"] = topics.Topic("fbo_received"),
                ["Stock:Redis:Configuration"] = TestServices.Redis,
                ["Stock:Redis:KeyPrefix"] = $"test:{Guid.NewGuid():N}:",
            });
            services.AddStockEvents(configuration);
            services.AddStockRedis(configuration);
        });
        Scenario.Amodekor(h, withOzon: false);

        await h.CheckAsync();
        Scenario.NextDay(h);
        var second = await h.CheckAsync();

        second.Relay!.Error.Should().BeNull();
        var outbox = h.Database.OutboxSnapshot();
        outbox.Should().HaveCount(4).And.OnlyContain(m => m.Status == OutboxStatus.Sent);
        var received = (await topics.PullAsync("low_on_stock", 2))
            .Concat(await topics.PullAsync("fbo_over", 1))
            .Concat(await topics.PullAsync("fbo_received", 1))
            .ToList();
        received.Should().HaveCount(4);
        foreach (var message in outbox)
        {
            var pulled = received.Single(r => r.Attributes["event_id"] == message.EventId.ToString());
            pulled.Data.GetRawText().Should().Be(JsonDocument.Parse(message.Payload).RootElement.GetRawText(), "the data is the payload, byte for byte");
            pulled.Attributes.Should().BeEquivalentTo(message.Attributes);
            pulled.Attributes.Keys.Should().BeEquivalentTo(["event_type", "event_id", "legal_entity", "marketplace", "sku"]);
        }

        var low = received.First(r => r.Attributes["event_type"] == "LowOnStock" && r.Attributes["sku"] == Scenario.Mug.ToString()).Data;
        low.GetProperty("source").GetString().Should().Be("stock_service");
        low.GetProperty("time").GetString().Should().Be("2026-11-26T07:00:00Z");
        var notification = low.GetProperty("data").GetProperty("notification");
        notification.GetProperty("seller").GetString().Should().Be("ООО Амодекор");
        notification.GetProperty("sku").ValueKind.Should().Be(JsonValueKind.String);
        notification.GetProperty("sales_for_period").GetInt32().Should().Be(60);
        notification.GetProperty("status_notification").GetInt32().Should().Be(2);
        var over = received.Single(r => r.Attributes["event_type"] == "StockFBOOver").Data;
        over.EnumerateObject().Select(p => p.Name).Should().Equal("seller", "name", "vendor_code", "sku", "mp", "url_on_product", "sales_for_period", "stock_fbo", "stock_fbs");
        over.GetProperty("stock_fbo").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task TwoRelaysRacing_OnTheSameRows_PublishEachEventOnce()
    {
        await using var h = RedisHarness(TestServices.Redis);
        Scenario.Amodekor(h);
        await h.CheckAsync(relay: false);
        Scenario.NextDay(h);
        await h.CheckAsync(relay: false);
        h.Publisher.Delay = TimeSpan.FromMilliseconds(300);

        var relays = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => h.SendAsync(new RelayOutbox())));

        relays.Sum(r => r.Published).Should().Be(4);
        h.Publisher.Published.Select(m => m.EventId).Should().OnlyHaveUniqueItems().And.HaveCount(4);
        (await h.SendAsync(new RelayOutbox())).Published.Should().Be(0);
    }

    [Fact]
    public async Task RelayRestartedAfterACrashBetweenClaimAndPublish_PublishesTheSameEventId_ThenNothing()
    {
        await using var h = RedisHarness(TestServices.Redis);
        Scenario.Amodekor(h, withOzon: false);
        h.Publisher.Down = true; // the process dies after the claims, before Pub/Sub acknowledged

        var crashed = await h.CheckAsync();

        crashed.Relay!.Error.Should().StartWith("Publishing failed");
        var pending = h.Database.OutboxSnapshot().Single();
        pending.Status.Should().Be(OutboxStatus.Pending);

        h.Publisher.Down = false;
        (await h.SendAsync(new RelayOutbox())).Published.Should().Be(1);
        h.Publisher.Published.Single().EventId.Should().Be(pending.EventId);
        (await h.SendAsync(new RelayOutbox())).Published.Should().Be(0);
        h.Publisher.Published.Should().ContainSingle();
    }

    [Fact]
    public async Task PubSubDown_RelayReportsAClearError_RowsStayPending_ThenOneRelayDeliversEachOnce()
    {
        using var topics = new EmulatorTopics(Guid.NewGuid().ToString("N")[..8]);
        await topics.CreateAsync("low_on_stock", "fbo_over", "fbo_received");
        using var emulator = new TcpForwarder(TestServices.PubSubEmulator); // not forwarding yet: Pub/Sub is down
        await using var h = new ApplicationHarness(replace: (services, _) =>
        {
            services.AddStockEvents(Configuration(new()
            {
                ["PROJECT_ID"] = TestServices.PubSubProject,
                ["PUBSUB_EMULATOR_HOST"] = "unused:1",
                ["Stock:PubSub:Topics:LowOnStock"] = topics.Topic("low_on_stock"),
                ["Stock:PubSub:Topics:StockFboOver"] = topics.Topic("fbo_over"),
                ["Stock:PubSub:Topics:StockFboReceived"] = topics.Topic("fbo_received"),
                ["Stock:PubSub:MaxRetries"] = "0", // the harness clock is fake: Polly would wait for it forever
            }));
            services.PostConfigure<Stock.Infrastructure.PubSub.PubSubOptions>(o => o.EmulatorHost = emulator.Address);
        });
        Scenario.Amodekor(h);

        var down = await h.CheckAsync();

        down.Succeeded.Should().BeTrue();
        down.Relay!.Error.Should().StartWith($"Publishing failed: Pub/Sub at {emulator.Address} did not take the messages:");
        down.Relay.Error.Should().NotContain("\n");
        h.Database.OutboxSnapshot().Should().ContainSingle().Which.Status.Should().Be(OutboxStatus.Pending);

        emulator.Start(); // back up
        var relay = await h.SendAsync(new RelayOutbox());

        relay.Published.Should().Be(1, relay.Error);
        (await h.SendAsync(new RelayOutbox())).Published.Should().Be(0);
        (await topics.PullAsync("low_on_stock", 1)).Should().ContainSingle();
    }

    [Fact]
    public async Task RedisDown_RelayReportsAClearError_RowsStayPending_ThenOneRelayDeliversEachOnce()
    {
        using var redis = new PrivateRedis(); // not started yet: Redis is down
        await using var h = RedisHarness(redis.Configuration, leasesInRedis: false);
        Scenario.Amodekor(h);

        var down = await h.CheckAsync();

        down.Succeeded.Should().BeTrue("the state and the outbox were committed in the database");
        down.Relay!.Error.Should().StartWith("Redis at ").And.Contain("does not answer");
        h.Publisher.Published.Should().BeEmpty();
        h.Database.OutboxSnapshot().Should().OnlyContain(m => m.Status == OutboxStatus.Pending);

        await redis.StartAsync();
        RelayReport relay = null!;
        for (var attempt = 0; attempt < 40; attempt++)
        {
            relay = await h.SendAsync(new RelayOutbox());
            if (relay.Succeeded)
            {
                break;
            }

            await Task.Delay(250); // the multiplexer reconnects by itself
        }

        relay.Published.Should().Be(1, relay.Error);
        (await h.SendAsync(new RelayOutbox())).Published.Should().Be(0);
        h.Publisher.Published.Should().ContainSingle();
    }

    private static ApplicationHarness RedisHarness(string redis, bool leasesInRedis = true) =>
        new(replace: (services, _) =>
        {
            var lease = services.Single(d => d.ServiceType == typeof(ILeaseStore));
            services.AddStockRedis(Configuration(new()
            {
                ["Stock:Redis:Configuration"] = redis,
                ["Stock:Redis:KeyPrefix"] = $"test:{Guid.NewGuid():N}:",
            }));
            if (!leasesInRedis)
            {
                services.Remove(services.Single(d => d.ServiceType == typeof(ILeaseStore)));
                services.Add(lease);
            }
        });

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}

/// <summary>The Redis deduplication claim itself, raced: the rule (docs/contracts.md, Delivery) holds under concurrency.</summary>
[Trait("Needs", "Services")]
public sealed class RedisDedupRaceTests
{
    [Fact]
    public async Task ManyEventsRacingForOneKey_OneClaims_EveryOtherIsHeldByOtherNamingTheWinner_TheWinnerAgainIsHeldBySame()
    {
        var services = new ServiceCollection();
        services.AddStockRedis(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stock:Redis:Configuration"] = TestServices.Redis,
            ["Stock:Redis:KeyPrefix"] = $"test:{Guid.NewGuid():N}:",
        }).Build());
        await using var provider = services.BuildServiceProvider();
        var dedup = new Stock.Infrastructure.Redis.RedisDedupStore(provider.GetRequiredService<Stock.Infrastructure.Redis.RedisConnection>());
        var ids = Enumerable.Range(0, 24).Select(_ => Guid.NewGuid()).ToArray();

        var claims = await Task.WhenAll(ids.Select(id => Task.Run(() => dedup.ClaimAsync("LowOnStock:ООО Амодекор:wb:211111111:sent_6", id, TimeSpan.FromMinutes(1), default))));

        var winner = claims.Should().ContainSingle(c => c.Outcome == DedupOutcome.Claimed).Which.Holder;
        claims.Where(c => c.Outcome != DedupOutcome.Claimed).Should().HaveCount(23)
            .And.OnlyContain(c => c.Outcome == DedupOutcome.HeldByOther && c.Holder == winner);
        (await dedup.ClaimAsync("LowOnStock:ООО Амодекор:wb:211111111:sent_6", winner, TimeSpan.FromMinutes(1), default)).Outcome
            .Should().Be(DedupOutcome.HeldBySameEvent, "a retry after a crash publishes again");
    }
}

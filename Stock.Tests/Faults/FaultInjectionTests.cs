using System.Diagnostics;
using Stock.Simulation;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Faults;

/// <summary>
/// What an uninterrupted run delivers, measured once: two checks of one seller (the second after stock moved), and how
/// long the second check and a relay of its events take as child processes, so that kills land inside them.
/// </summary>
public sealed class UninterruptedRun : IAsyncLifetime
{
    public List<string> Events { get; private set; } = [];

    public TimeSpan Check { get; private set; }

    public TimeSpan Relay { get; private set; }

    public async Task InitializeAsync()
    {
        await using (var world = await FaultWorld.CreateAsync(TestDatabase.Sqlite))
        {
            (await world.RunAsync("check", "--legal-entity", FaultWorld.Seller)).Exit.Should().Be(0);
            world.MoveStock();
            var clock = Stopwatch.StartNew();
            var second = await world.RunChildAsync(null, "check", "--legal-entity", FaultWorld.Seller);
            Check = clock.Elapsed;
            second.Exit.Should().Be(0, second.Error);
            Events = world.Delivered();
        }

        Events.Select(e => e.Split(' ')[0]).Distinct().Should().BeEquivalentTo(["low_on_stock", "fbo_over", "fbo_received", "cluster_low", "supply_due"], "the scenario raises every kind of alert");

        await using (var world = await FaultWorld.CreateAsync(TestDatabase.Sqlite))
        {
            await FaultInjectionTests.CheckTwiceWithTheRelayBrokenAsync(world);
            var clock = Stopwatch.StartNew();
            var relay = await world.RunChildAsync(null, "relay");
            Relay = clock.Elapsed;
            relay.Exit.Should().Be(0, relay.Error);
            world.Delivered().Should().Equal(Events, "a relay after a failed one delivers what the checks raised");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The world's events file holds each event id once, and exactly the events of this uninterrupted run.</summary>
    internal void AssertDeliveredOnce(FaultWorld world, string because)
    {
        world.DeliveredIds().Should().OnlyHaveUniqueItems(because);
        world.Delivered().Should().Equal(Events, because);
    }
}

/// <summary>
/// The fault-injection suite (issue 13): child processes of the real <c>stock</c> command killed with SIGKILL at random
/// points of a check and of a relay, Redis and Pub/Sub going away and coming back during a check, and marketplaces
/// that answer 500, HTML, malformed or cut JSON, 401, or hang. Every case ends with exactly the events of an
/// uninterrupted run delivered (none lost, none twice) and the exit code of the contract.
/// </summary>
[Trait("Needs", "Services")]
public sealed class FaultInjectionTests(UninterruptedRun uninterrupted) : IClassFixture<UninterruptedRun>
{
    [Theory]
    [InlineData(SimulatedFault.ServerError, "/content/v2/get/cards/list")]
    [InlineData(SimulatedFault.MalformedJson, "/api/analytics/v1/stocks-report/wb-warehouses")]
    [InlineData(SimulatedFault.TruncatedJson, "/content/v2/get/cards/list")]
    [InlineData(SimulatedFault.Unauthorized, "/api/v1/supplier/orders")]
    [InlineData(SimulatedFault.Slow, "/api/v3/stocks/")]
    [InlineData(SimulatedFault.DrippingBody, "/content/v2/get/cards/list")]
    [InlineData(SimulatedFault.DrippingBody, "/api/v1/supplier/orders")]
    public async Task MarketplaceFailingTheSecondCheck_ExitsOne_OzonStillDelivers_AndTheNextCheckDeliversTheRest(SimulatedFault fault, string path)
    {
        await using var world = await FaultWorld.CreateAsync(TestDatabase.Sqlite);
        world.Settings["Stock:Marketplaces:AttemptTimeout"] = "00:00:01";
        world.Settings["Stock:Marketplaces:TotalTimeout"] = "00:00:03";
        (await world.RunAsync("check", "--legal-entity", FaultWorld.Seller)).Exit.Should().Be(0);
        var beforeTheFault = world.Delivered();
        world.MoveStock();
        // A dripping body sends its headers at once, then a byte a second: only a timeout that covers the body ends it.
        world.Simulation.AddFault(path, fault, times: 100, delay: TimeSpan.FromSeconds(fault == SimulatedFault.DrippingBody ? 1 : 30));

        var failed = await world.RunAsync("check", "--legal-entity", FaultWorld.Seller);

        failed.Exit.Should().Be(1, failed.Output);
        failed.Error.TrimEnd().Should().Be("stock: wb failed; what succeeded is stored");
        var duringTheFault = world.Delivered();
        foreach (var known in beforeTheFault)
        {
            duringTheFault.Remove(known);
        }

        var health = duringTheFault.Where(e => e.StartsWith("stock_health", StringComparison.Ordinal)).ToList();
        duringTheFault.Except(health).Should().NotBeEmpty().And.OnlyContain(e => e.Contains("\"mp\":\"ozon\"", StringComparison.Ordinal), "the failing marketplace raises nothing from incomplete data");
        if (fault == SimulatedFault.Unauthorized)
        {
            health.Should().ContainSingle().Which.Should().Contain("\"kind\":\"access_lost\"").And.Contain("\"mp\":\"wb\"");
        }
        else
        {
            health.Should().BeEmpty("only a rejected key is a health event");
        }

        world.Simulation.ClearFaults();
        var next = await world.RunAsync("check", "--legal-entity", FaultWorld.Seller);
        next.Exit.Should().Be(0, next.Error);
        world.DeliveredIds().Should().OnlyHaveUniqueItems();
        world.Delivered().Where(e => !e.StartsWith("stock_health", StringComparison.Ordinal)).Should().Equal(uninterrupted.Events, fault.ToString());
    }

    [Fact]
    public async Task RedisRestartedDuringACheck_TheCheckStopsAsItsLeaseIsGone_AndTheNextCheckDeliversEveryEventOnce()
    {
        using var redis = new PrivateRedis();
        await redis.StartAsync();
        await using var world = await FaultWorld.CreateAsync(TestDatabase.Sqlite);
        world.Settings["Stock:Redis:Configuration"] = redis.Configuration;
        (await world.RunAsync("check", "--legal-entity", FaultWorld.Seller)).Exit.Should().Be(0);
        world.MoveStock();
        world.Simulation.AddFault("/api/v1/supplier/orders", SimulatedFault.Slow, delay: TimeSpan.FromSeconds(6));
        var inTheCheck = world.Simulation.WhenRequested("/api/v1/supplier/orders");

        var check = world.RunAsync("check", "--legal-entity", FaultWorld.Seller);
        await inTheCheck.WaitAsync(TimeSpan.FromSeconds(60)); // the check holds its lease and waits on the slow orders
        redis.Stop(); // a Redis without persistence comes back empty: the check's lease is gone
        await Task.Delay(TimeSpan.FromSeconds(1)); // how long Redis is away: an outage, not a wait for the check
        await redis.StartAsync();
        var (exit, _, error) = await check;
        var next = await world.RunAsync("check", "--legal-entity", FaultWorld.Seller);

        exit.Should().Be(1, "a check whose lease is gone could run beside another one");
        error.TrimEnd().Should().Be($"stock: The check of '{FaultWorld.Seller}' lost its lease (its store did not answer, or another holder took it); it stopped before its next commit, and what it committed is kept.");
        next.Exit.Should().Be(0, next.Error);
        AssertDeliveredOnce(world, "Redis restarted");
    }

    [Fact]
    public async Task RedisStoppedDuringACheck_ExitsOne_AndARelayAfterItComesBackDeliversEveryEventOnce()
    {
        using var redis = new PrivateRedis();
        await redis.StartAsync();
        await using var world = await FaultWorld.CreateAsync(TestDatabase.Sqlite);
        world.Settings["Stock:Redis:Configuration"] = redis.Configuration;
        (await world.RunAsync("check", "--legal-entity", FaultWorld.Seller)).Exit.Should().Be(0);
        world.MoveStock();
        world.Simulation.AddFault("/api/v1/supplier/orders", SimulatedFault.Slow, delay: TimeSpan.FromSeconds(2));
        var inTheCheck = world.Simulation.WhenRequested("/api/v1/supplier/orders");

        var check = world.RunAsync("check", "--legal-entity", FaultWorld.Seller);
        await inTheCheck.WaitAsync(TimeSpan.FromSeconds(60)); // the check holds its lease and waits on the slow orders
        redis.Stop();
        var (exit, _, error) = await check;
        await redis.StartAsync();
        var relay = await world.RunAsync("relay");

        exit.Should().Be(1);
        error.Should().Contain($"Redis at {redis.Configuration} does not answer");
        relay.Exit.Should().Be(0, relay.Error);
        AssertDeliveredOnce(world, "Redis down at the relay");
    }

    [Fact]
    public async Task PubSubDownDuringACheck_ExitsOne_AndARelayAfterItComesBackDeliversEveryEventOnce()
    {
        using var topics = new EmulatorTopics(Guid.NewGuid().ToString("N")[..8]);
        await topics.CreateAsync("low_on_stock", "fbo_over", "fbo_received", "cluster_low", "supply_due", "stock_health");
        using var pubSub = new TcpForwarder(TestServices.PubSubEmulator); // not forwarding: Pub/Sub is down
        await using var world = await FaultWorld.CreateAsync(TestDatabase.MySql);
        world.Settings["PROJECT_ID"] = TestServices.PubSubProject;
        world.Settings["PUBSUB_EMULATOR_HOST"] = pubSub.Address;
        world.Settings["Stock:PubSub:MaxRetries"] = "1";
        world.Settings["Stock:PubSub:Topics:LowOnStock"] = topics.Topic("low_on_stock");
        world.Settings["Stock:PubSub:Topics:StockFboOver"] = topics.Topic("fbo_over");
        world.Settings["Stock:PubSub:Topics:StockFboReceived"] = topics.Topic("fbo_received");
        world.Settings["Stock:PubSub:Topics:ClusterLow"] = topics.Topic("cluster_low");
        world.Settings["Stock:PubSub:Topics:SupplyDue"] = topics.Topic("supply_due");
        world.Settings["Stock:PubSub:Topics:Health"] = topics.Topic("stock_health");

        var first = await world.RunAsync("check", "--legal-entity", FaultWorld.Seller);
        world.MoveStock();
        var second = await world.RunAsync("check", "--legal-entity", FaultWorld.Seller);
        pubSub.Start();
        var relay = await world.RunAsync("relay");

        first.Exit.Should().Be(1, "its events wait: Pub/Sub is down");
        second.Exit.Should().Be(1);
        second.Error.Should().StartWith("stock: ").And.Contain("events wait in the outbox for the next relay").And.Contain(pubSub.Address);
        relay.Exit.Should().Be(0, relay.Error);
        var expected = uninterrupted.Events.GroupBy(e => e.Split(' ')[0]).ToDictionary(g => g.Key, g => g.Count());
        var pulled = new List<string>();
        foreach (var (topic, count) in expected)
        {
            var messages = await topics.PullAsync(topic, count + 1); // one more: nothing may arrive twice
            pulled.AddRange(messages.Select(m => FaultWorld.Normalize(topic, m.Data.GetRawText())));
            messages.Select(m => m.Attributes["event_id"]).Should().OnlyHaveUniqueItems();
        }

        pulled.Order(StringComparer.Ordinal).Should().Equal(uninterrupted.Events);
    }

    /// <summary>Two checks whose relays fail (the events file cannot be written), leaving every event pending.</summary>
    internal static async Task CheckTwiceWithTheRelayBrokenAsync(FaultWorld world)
    {
        var good = world.EventsFile;
        var blocker = Path.Combine(Path.GetDirectoryName(good)!, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "");
        world.Settings["Stock:Events:File"] = Path.Combine(blocker, "events.jsonl");
        (await world.RunAsync("check", "--legal-entity", FaultWorld.Seller)).Exit.Should().Be(1, "the relay cannot write");
        world.MoveStock();
        var second = await world.RunAsync("check", "--legal-entity", FaultWorld.Seller);
        second.Exit.Should().Be(1);
        second.Error.Should().StartWith("stock: ").And.Contain("events wait in the outbox for the next relay");
        world.Settings["Stock:Events:File"] = good;
    }

    private void AssertDeliveredOnce(FaultWorld world, string because) => uninterrupted.AssertDeliveredOnce(world, because);
}

/// <summary>The <c>stock check</c> child process killed with SIGKILL at a random point, 20 seeds, half on MariaDB with Redis.</summary>
[Trait("Needs", "Services")]
public sealed class CheckKilledTests(UninterruptedRun uninterrupted) : IClassFixture<UninterruptedRun>
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 20)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task CheckKilledAtARandomPoint_ThenRunAgain_DeliversEveryEventOnce(int seed)
    {
        var provider = seed % 2 == 0 ? TestDatabase.MySql : TestDatabase.Sqlite;
        await using var world = await FaultWorld.CreateAsync(provider);
        (await world.RunAsync("check", "--legal-entity", FaultWorld.Seller)).Exit.Should().Be(0);
        world.MoveStock();

        var killAt = uninterrupted.Check * new Random(seed).NextDouble();
        await world.RunChildAsync(killAt, "check", "--legal-entity", FaultWorld.Seller);
        await Task.Delay(FaultWorld.Lease + TimeSpan.FromMilliseconds(500)); // the dead holder's lease expires
        var again = await world.RunChildAsync(null, "check", "--legal-entity", FaultWorld.Seller);
        var relay = await world.RunChildAsync(null, "relay");

        again.Exit.Should().Be(0, $"killed at {killAt.TotalMilliseconds:0} ms on {provider}: {again.Error}");
        relay.Exit.Should().Be(0, relay.Error);
        AssertDeliveredOnce(world, $"killed at {killAt.TotalMilliseconds:0} ms on {provider}");
    }

    private void AssertDeliveredOnce(FaultWorld world, string because) => uninterrupted.AssertDeliveredOnce(world, because);
}

/// <summary>The <c>stock relay</c> child process killed with SIGKILL at a random point, 20 seeds, half on MariaDB with Redis.</summary>
[Trait("Needs", "Services")]
public sealed class RelayKilledTests(UninterruptedRun uninterrupted) : IClassFixture<UninterruptedRun>
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 20)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task RelayKilledAtARandomPoint_ThenRunAgain_DeliversEveryEventOnce(int seed)
    {
        var provider = seed % 2 == 0 ? TestDatabase.MySql : TestDatabase.Sqlite;
        await using var world = await FaultWorld.CreateAsync(provider);
        await FaultInjectionTests.CheckTwiceWithTheRelayBrokenAsync(world);

        var killAt = uninterrupted.Relay * new Random(seed).NextDouble();
        await world.RunChildAsync(killAt, "relay");
        await Task.Delay(FaultWorld.Lease + TimeSpan.FromMilliseconds(500));
        var relay = await world.RunChildAsync(null, "relay");

        relay.Exit.Should().Be(0, $"killed at {killAt.TotalMilliseconds:0} ms on {provider}: {relay.Error}");
        AssertDeliveredOnce(world, $"killed at {killAt.TotalMilliseconds:0} ms on {provider}");
    }

    private void AssertDeliveredOnce(FaultWorld world, string because) => uninterrupted.AssertDeliveredOnce(world, because);
}

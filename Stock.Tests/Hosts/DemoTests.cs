using System.Text.Json;
using Stock.Hosts.Console;
using Stock.Hosts.Demo;
using Stock.Simulation;

namespace Stock.Tests.Hosts;

/// <summary>
/// The <c>stock-demo</c> entry point: the demo over three simulated days, its folder rules, and <c>serve</c>, the
/// simulated marketplaces alone; and that the production <c>stock</c> holds none of it.
/// </summary>
public sealed class DemoTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"stock-demo-{Guid.NewGuid():N}");

    public DemoTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Demo_RunsTheWholeJob_AndEveryEventTypeHappens()
    {
        var (exit, output, error) = await RunAsync("--dir", Path.Combine(_dir, "demo"));

        exit.Should().Be(0, error);
        output.Should().Contain("Day 1").And.Contain("Day 3").And.Contain("Products:");
        var topics = (await File.ReadAllLinesAsync(Path.Combine(_dir, "demo", "events.jsonl")))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("topic").GetString())
            .ToHashSet();
        topics.Should().BeEquivalentTo(["low_on_stock", "fbo_over", "fbo_received", "cluster_low", "supply_due", "stock_health"]);
        var events = (await File.ReadAllLinesAsync(Path.Combine(_dir, "demo", "events.jsonl"))).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        events.Select(e => e.GetProperty("attributes").GetProperty("event_type").GetString()).Should()
            .Contain(["MarketplaceKeyExpiring", "MarketplaceAccessLost", "StockClusterLow"], "the demo shows one of each new event");
        var cluster = events.Single(e => e.GetProperty("topic").GetString() == "cluster_low" && e.GetProperty("data").GetProperty("vendor_code").GetString() == "MUG-BLUE-300");
        cluster.GetProperty("data").GetProperty("cluster_name").GetString().Should().Be("Новосибирск", "Moscow holds 30 days of cover; Novosibirsk 2");
        output.Should().Contain("Day 3").And.Contain("token withdrawn", "the last day's WB failure is shown").And.Contain("Новосибирск: 2 left, sells 1 a day, 2 days of cover");

        // The best-seller's supply is due while it is weeks from low on stock; the one with a supply on its way has none.
        string? Of(JsonElement e) => e.GetProperty("attributes").TryGetProperty("sku", out var sku) ? sku.GetString() : null;
        var bestSeller = DemoScenario.BestSellerNmId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ship = events.Single(e => Of(e) == bestSeller && e.GetProperty("attributes").GetProperty("kind").GetString() == "ship").GetProperty("data");
        (ship.GetProperty("stock_fbo").GetInt32(), ship.GetProperty("in_transit").GetInt32(), ship.GetProperty("forecast_per_day").GetDecimal()).Should().Be((60, 0, 6m));
        events.Where(e => Of(e) == bestSeller).Select(e => e.GetProperty("topic").GetString()).Should().NotContain("low_on_stock", "180 in stock at 6 a day is no band yet");
        events.Where(e => Of(e) == DemoScenario.InTransitNmId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Should().BeEmpty("30 on WB and 60 in transit outlast the lead time");
        output.Should().Contain("ship 180 by").And.Contain("in transit 0, sells 6 a day");
    }

    [Fact]
    public async Task Demo_InAFolderWithTheUsersOwnEvents_RefusesAndDeletesNothing()
    {
        var events = Path.Combine(_dir, "events.jsonl");
        await File.WriteAllTextAsync(events, "{\"mine\":true}\n");

        var (exit, _, error) = await RunAsync("--dir", _dir);

        exit.Should().Be(2);
        error.Should().Contain("events.jsonl").And.Contain("did not create");
        (await File.ReadAllTextAsync(events)).Should().Be("{\"mine\":true}\n");
    }

    [Fact]
    public async Task Demo_RunTwiceInOneFolder_ReplacesOnlyItsOwnFiles()
    {
        var dir = Path.Combine(_dir, "demo");
        (await RunAsync("--dir", dir)).Exit.Should().Be(0);
        await File.WriteAllTextAsync(Path.Combine(dir, "notes.txt"), "mine");

        var again = await RunAsync("--dir", dir);
        again.Exit.Should().Be(0, "the folder is the demo's own: " + again.Error + again.Output);
        (await File.ReadAllTextAsync(Path.Combine(dir, "notes.txt"))).Should().Be("mine");
    }

    [Fact]
    public async Task Serve_PrintsTheSettingsAndTheDemoKeys_TheMarketplacesAnswerThem_UntilStopped()
    {
        var envFile = Path.Combine(_dir, "simulated.env");
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var serving = DemoCli.RunAsync(["serve", "--env-file", envFile], output, error, environment: null, stop.Token);
        while (!File.Exists(envFile) && !serving.IsCompleted)
        {
            await Task.Delay(50);
        }

        var variables = (await File.ReadAllLinesAsync(envFile))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);
        variables.Should().ContainKeys("Stock__Marketplaces__Wildberries__ContentBaseUrl", "Stock__Marketplaces__Ozon__BaseUrl", "STOCK_DEMO_WB_TOKEN", "STOCK_DEMO_OZON_API_KEY");
        variables["STOCK_DEMO_SELLER"].Should().Be("ООО Амодекор");

        // The real `stock` against them, as a user (or the container test) runs it.
        var environment = variables.ToDictionary(v => v.Key, v => (string?)v.Value);
        environment["ConnectionStrings__Stock"] = $"Data Source={Path.Combine(_dir, "stock.db")}";
        environment["Stock__Events__File"] = Path.Combine(_dir, "events.jsonl");
        using var sink = new StringWriter();
        (await StockCli.RunAsync(["keys", "set", "--legal-entity", variables["STOCK_DEMO_SELLER"], "--marketplace", "wb", "--token", variables["STOCK_DEMO_WB_TOKEN"]], sink, sink, environment, default)).Should().Be(0, sink.ToString());
        (await StockCli.RunAsync(["keys", "set", "--legal-entity", variables["STOCK_DEMO_SELLER"], "--marketplace", "ozon", "--client-id", variables["STOCK_DEMO_OZON_CLIENT_ID"], "--api-key", variables["STOCK_DEMO_OZON_API_KEY"]], sink, sink, environment, default)).Should().Be(0, sink.ToString());
        (await StockCli.RunAsync(["check", "--all"], sink, sink, environment, default)).Should().Be(0, sink.ToString());
        (await File.ReadAllLinesAsync(Path.Combine(_dir, "events.jsonl"))).Should().Contain(l => l.Contains("\"low_on_stock\"", StringComparison.Ordinal), "the demo seller's best-seller is low from the first check");

        serving.IsCompleted.Should().BeFalse("it serves until stopped");
        await stop.CancelAsync();
        (await serving).Should().Be(0, error.ToString());
        output.ToString().Should().Contain("Stock__Marketplaces__Ozon__BaseUrl=");
    }

    [Fact]
    public async Task Demo_WithAFolderItCannotWrite_OrAMistypedSetting_ExitsTwo_WithOneLineNamingIt()
    {
        var file = Path.Combine(_dir, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");

        var folder = await RunAsync("--dir", Path.Combine(file, "demo"));
        var setting = await RunAsync("--dir", Path.Combine(_dir, "demo"), "--Stock:Concurrency=abc");

        folder.Exit.Should().Be(2);
        folder.Error.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith($"stock-demo: --dir {Path.Combine(file, "demo")} cannot hold the demo's files: ");
        setting.Exit.Should().Be(2);
        setting.Error.TrimEnd().Should().Be("stock-demo: setting Stock:Concurrency is not a valid whole number.", "an error line starts with the command that wrote it");
        (folder.Output + setting.Output).Should().NotContain("   at ");
    }

    [Fact]
    public async Task Serve_WithAnEnvFileInAFolderThatIsNot_ExitsTwo_WithOneLine()
    {
        var (exit, output, error) = await RunAsync("serve", "--env-file", Path.Combine(_dir, "missing", "sim.env"));

        exit.Should().Be(2);
        output.Should().BeEmpty();
        error.TrimEnd().Should().Be($"stock-demo: --env-file {Path.Combine(_dir, "missing", "sim.env")}: its folder does not exist.");
    }

    [Fact]
    public void TheProductionConsole_ReferencesNoSimulator_AndNeedsOnlyTheNetCoreFramework()
    {
        typeof(StockCli).Assembly.GetReferencedAssemblies().Select(a => a.Name).Should().NotContain(["Stock.Simulation", "Bogus", "stock-demo"]);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "stock.runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions");
        var frameworks = options.TryGetProperty("frameworks", out var many) ? many.EnumerateArray().ToArray() : [options.GetProperty("framework")];
        frameworks.Select(f => f.GetProperty("name").GetString()).Should().Equal(["Microsoft.NETCore.App"], "the console's image holds only the .NET runtime");
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // The demo's story, read in English; LocalizationTests runs it in Russian, its default.
        var exit = await DemoCli.RunAsync(args, output, error, new Dictionary<string, string?> { ["Stock__Culture"] = "en-US" }, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MySqlConnector;
using Stock.Hosts.Console;
using Stock.Simulation;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Faults;

/// <summary>
/// One seller's world for a fault scenario: its own simulated marketplaces with a fixed catalogue, its own database
/// (a SQLite file, or a throwaway database on the test MariaDB with Redis), its own events file, and the settings the
/// <c>stock</c> command runs with, in this process or as a child process that a test may kill with SIGKILL.
/// </summary>
internal sealed class FaultWorld : IAsyncDisposable
{
    public const string Seller = "ООО Амодекор";
    private const string WbToken = "wb-fault-token-0000000000000001";
    private const string OzonKey = "ozon-fault-key-0000000000000002";

    private readonly string _dir = Directory.CreateTempSubdirectory("stock-fault-").FullName;
    private readonly string? _mySqlDatabase;

    private FaultWorld(SimulatedMarketplaces simulation, SimulatedSeller seller, string provider, string? mySqlDatabase)
    {
        Simulation = simulation;
        SellerOnMarketplaces = seller;
        _mySqlDatabase = mySqlDatabase;
        EventsFile = Path.Combine(_dir, "events.jsonl");
        Settings = new Dictionary<string, string?>(simulation.ConfigurationValues())
        {
            ["Stock:Events:File"] = EventsFile,
            ["Stock:LeaseTtl"] = Lease.ToString(),
            ["Stock:LeaseRenewal"] = (Lease / 3).ToString(),
            ["Stock:RelayBatchSize"] = "1",
            ["Stock:BatchSize"] = "5",
            ["Stock:Concurrency"] = "2",
            ["Stock:Marketplaces:MaxRetries"] = "1",
            ["Stock:Marketplaces:RetryBaseDelay"] = "00:00:00.100",
            ["PROJECT_ID"] = "",
            ["REDIS_URL"] = "",
            ["DATABASE_URL"] = "",
        };
        if (provider == TestDatabase.MySql)
        {
            Settings["Stock:Database:Provider"] = "MySql";
            Settings["ConnectionStrings:Stock"] = new MySqlConnectionStringBuilder(TestDatabase.MySqlServer) { Database = mySqlDatabase }.ConnectionString;
            Settings["Stock:Secrets:Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            Settings["Stock:Redis:Configuration"] = TestServices.Redis;
            Settings["Stock:Redis:KeyPrefix"] = $"fault:{Guid.NewGuid():N}:";
        }
        else
        {
            Settings["Stock:Database:Provider"] = "Sqlite";
            Settings["ConnectionStrings:Stock"] = $"Data Source={Path.Combine(_dir, "stock.db")};Pooling=False";
        }
    }

    /// <summary>How long a lease lives: a killed holder stops blocking after it.</summary>
    public static TimeSpan Lease { get; } = TimeSpan.FromSeconds(1.5);

    public SimulatedMarketplaces Simulation { get; }

    public SimulatedSeller SellerOnMarketplaces { get; }

    public string EventsFile { get; }

    public Dictionary<string, string?> Settings { get; }

    public static async Task<FaultWorld> CreateAsync(string provider)
    {
        var simulation = await SimulatedMarketplaces.StartAsync();
        var seller = simulation.AddSeller(Seller, WbToken, "123456", OzonKey);
        seller.Generate(seed: 2026, wbProducts: 24, ozonProducts: 24, simulation.Today, historyDays: 62);
        string? database = null;
        if (provider == TestDatabase.MySql)
        {
            database = $"stock_fault_{Guid.NewGuid():N}"[..30];
            await using var connection = new MySqlConnection(TestDatabase.MySqlServer);
            await connection.OpenAsync();
            await using var create = new MySqlCommand($"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", connection);
            await create.ExecuteNonQueryAsync();
        }

        var world = new FaultWorld(simulation, seller, provider, database);
        (await world.RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", WbToken)).Exit.Should().Be(0);
        (await world.RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "ozon", "--client-id", "123456", "--api-key", OzonKey)).Exit.Should().Be(0);
        return world;
    }

    /// <summary>The stock moves of the second check: FBO stocks that run out, supplies that arrive, products that run low.</summary>
    public void MoveStock()
    {
        var wb = SellerOnMarketplaces.WbProducts;
        var ozon = SellerOnMarketplaces.OzonProducts;
        for (var i = 0; i < wb.Count; i++)
        {
            switch (i % 3)
            {
                case 0: SellerOnMarketplaces.SetWbStock(wb[i], fbo: 2, fbs: 1); break;
                case 1: SellerOnMarketplaces.SetWbStock(wb[i], fbo: 45, fbs: 3); break;
            }
        }

        for (var i = 0; i < ozon.Count; i++)
        {
            switch (i % 3)
            {
                case 0: SellerOnMarketplaces.SetOzonStock(ozon[i], fbo: 3, fbsPresent: 0); break;
                case 2: SellerOnMarketplaces.SetOzonStock(ozon[i], fbo: 50, fbsPresent: 2); break;
            }
        }
    }

    /// <summary>The <c>stock</c> command in this process.</summary>
    public async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        var exit = await StockCli.RunAsync(args, output, error, environment, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The <c>stock</c> command as built, in its own output folder (Stock.Tests.csproj says why).</summary>
    public static string StockConsole { get; } = Path.GetFullPath(typeof(FaultWorld).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false).Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "StockConsole").Value!);

    /// <summary>
    /// The <c>stock</c> command as a child process; with <paramref name="killAfter"/>, killed with SIGKILL at that
    /// moment if it still runs (null exit code then).
    /// </summary>
    public async Task<(int? Exit, string Output, string Error)> RunChildAsync(TimeSpan? killAfter, params string[] args)
    {
        using var child = StartChild(args);
        if (killAfter is { } delay && await Task.WhenAny(child.Exited, Task.Delay(delay)) != child.Exited)
        {
            child.Process.Kill(entireProcessTree: true);
            await child.Exited;
            return (null, await child.Output, await child.Error);
        }

        await child.Exited.WaitAsync(TimeSpan.FromMinutes(2));
        return (child.Process.ExitCode, await child.Output, await child.Error);
    }

    /// <summary>The <c>stock</c> command started as a child process with this world's settings, its output read as it comes.</summary>
    public ChildProcess StartChild(params string[] args)
    {
        // Through env --default-signal: a test run started in the background (as CI may start it) has SIGINT ignored, an
        // ignored signal stays ignored across exec, and the runtime honours that; a terminal's stock has it default.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT,TERM");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(StockConsole);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? string.Empty;
        }

        return new ChildProcess(Process.Start(start)!);
    }

    /// <summary>What reached the events file, each event as topic and payload without its run-specific guid and time.</summary>
    public List<string> Delivered() => File.Exists(EventsFile)
        ? File.ReadAllLines(EventsFile).Where(l => l.StartsWith('{')).Select(l =>
        {
            var line = JsonNode.Parse(l)!.AsObject();
            return Normalize(line["topic"]!.GetValue<string>(), line["data"]!.ToJsonString());
        }).Order(StringComparer.Ordinal).ToList()
        : [];

    /// <summary>The event ids in the events file, as written (one per line).</summary>
    public List<string> DeliveredIds() => File.Exists(EventsFile)
        ? File.ReadAllLines(EventsFile).Where(l => l.StartsWith('{'))
            .Select(l => JsonNode.Parse(l)!["attributes"]!["event_id"]!.GetValue<string>()).ToList()
        : [];

    /// <summary>An event as topic and payload, without the guid and time that differ between runs of one scenario.</summary>
    public static string Normalize(string topic, string payload)
    {
        var data = JsonNode.Parse(payload)!.AsObject();
        data.Remove("guid");
        data.Remove("time");
        return $"{topic} {data.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })}";
    }

    public async ValueTask DisposeAsync()
    {
        await Simulation.DisposeAsync();
        if (_mySqlDatabase is not null)
        {
            await using var connection = new MySqlConnection(TestDatabase.MySqlServer);
            await connection.OpenAsync();
            await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{_mySqlDatabase}`", connection);
            await drop.ExecuteNonQueryAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>A running child process, its stdout and stderr read to their end, and its exit.</summary>
internal sealed class ChildProcess : IDisposable
{
    public ChildProcess(Process process)
    {
        Process = process;
        Output = process.StandardOutput.ReadToEndAsync();
        Error = process.StandardError.ReadToEndAsync();
        Exited = process.WaitForExitAsync();
    }

    public Process Process { get; }

    public Task<string> Output { get; }

    public Task<string> Error { get; }

    public Task Exited { get; }

    /// <summary>Sends a signal to the process with <c>kill -SIGNAL pid</c> (.NET itself can only SIGKILL).</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", ["-s", signal.ToString(System.Globalization.CultureInfo.InvariantCulture), Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {signal} {Process.Id} failed with exit code {kill.ExitCode}");
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MySqlConnector;
using Stock;
using Stock.Application.Commands;
using Stock.Application.Messaging;
using Stock.Infrastructure.Persistence;
using Stock.Simulation;

// The benchmark of issue 11 (scripts/bench.sh): the simulated marketplaces with N products per marketplace and 60 days
// of orders, a first, a next-day and a no-change check each in a process of its own (its peak RSS is the check's), the
// no-change check again in a process that has run one before (warm), and in the same run the floors: a plain download
// of the same pages and a bulk insert of the same rows.
return args.FirstOrDefault() switch
{
    "run" => await Bench.RunAsync(args[1..]),
    "check" => await Bench.CheckAsync(args[1..]),
    _ => Bench.Usage(),
};

internal static class Bench
{
    private const string Seller = "ООО Бенчмарк";
    private const string WbToken = "bench-wb-token-000000000000001";
    private const string OzonClientId = "424242";
    private const string OzonKey = "bench-ozon-key-00000000000002";
    private const string PubSubProject = "stock-bench";

    public static int Usage()
    {
        Console.Error.WriteLine("usage: Stock.Bench run --products N [--mysql <connection string>] [--pubsub <emulator host:port>] [--container-memory MiB] [--seed S] | check --now <instant> [--keys] [--warm] [--settings <file>]");
        return 2;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var products = int.Parse(Arg(args, "--products") ?? "1000", CultureInfo.InvariantCulture);
        var mysql = Arg(args, "--mysql");
        var pubsub = Arg(args, "--pubsub");
        var containerMemory = Arg(args, "--container-memory");
        var seed = int.Parse(Arg(args, "--seed") ?? "2026", CultureInfo.InvariantCulture);
        var work = Directory.CreateTempSubdirectory("stock-bench.");
        try
        {
            var now = TimeProvider.System.GetUtcNow();
            var clock = new SimulatedClock(new DateTimeOffset(now.Year, now.Month, now.Day, 7, 0, 0, TimeSpan.Zero));
            await using var sim = await SimulatedMarketplaces.StartAsync(clock);
            var seller = sim.AddSeller(Seller, WbToken, OzonClientId, OzonKey);
            var generating = Stopwatch.StartNew();
            seller.Generate(seed, products, products, Today(sim), historyDays: 62);
            Console.Error.WriteLine($"bench: {products:N0} products per marketplace and 62 days of orders generated in {generating.Elapsed.TotalSeconds:0} s");

            var database = mysql is null ? "Sqlite" : "MySql";
            var connection = mysql is null
                ? $"Data Source={Path.Combine(work.FullName, "stock.db")}"
                : await FreshMySqlDatabaseAsync(mysql, $"stock_bench_{products}");
            var environment = Environment(sim, database, connection, Path.Combine(work.FullName, "events.jsonl"));
            long? cgroupMib = null;
            if (containerMemory is not null)
            {
                // Each check runs in a memory cgroup of that size, as the instance runs it: the kernel kills a check that
                // needs more, and the runtime sizes its GC from the limit. Where no cgroup can be made (not root), the
                // runtime is told what a container of that size would show it, and the table says so.
                var mib = long.Parse(containerMemory, CultureInfo.InvariantCulture);
                using var probe = MemoryCgroup.TryCreate(mib, out var whyNot);
                if (probe is not null)
                {
                    cgroupMib = mib;
                }
                else
                {
                    Console.Error.WriteLine($"bench: {whyNot}; the checks run with the GC limits of a {mib} MiB container instead, which the kernel does not enforce");
                    var memory = mib * 1024 * 1024;
                    environment["DOTNET_GCTotalPhysicalMemory"] = memory.ToString("X", CultureInfo.InvariantCulture);
                    environment["DOTNET_GCHeapHardLimit"] = (memory * 3 / 4).ToString("X", CultureInfo.InvariantCulture);
                }
            }

            if (pubsub is not null)
            {
                // The relay publishes to the emulator: its topics, each with a subscription (as the bot has), exist first.
                await CreateTopicsAsync(pubsub);
                environment["Stock__PubSub__ProjectId"] = PubSubProject;
                environment["Stock__PubSub__EmulatorHost"] = pubsub;
            }

            var rows = new List<string>();
            var eventsSeen = 0;
            var random = new Random(seed);
            foreach (var scenario in new[] { "first", "next day", "no change", "no change, warm" })
            {
                if (scenario == "next day")
                {
                    clock.Advance(TimeSpan.FromDays(1));
                    NextDay(seller, sim, random);
                }
                else if (scenario == "no change")
                {
                    clock.Advance(TimeSpan.FromHours(1));
                }
                else
                {
                    // The same check in a process that has run one already, as an instance of the function serves the
                    // checks after its first: its code compiled, its connections open. Only the second is measured.
                    clock.Advance(TimeSpan.FromMinutes(10));
                }

                var warm = scenario.EndsWith("warm", StringComparison.Ordinal);
                // The simulator's CPU over the check's process: the marketplaces' share of the two cores. A warm
                // process's first check is served too, so that row does not say.
                var simulator = CpuTime();
                var result = await RunCheckAsync(clock.GetUtcNow(), scenario == "first", warm, environment, cgroupMib);
                simulator = CpuTime() - simulator;
                // The measured check's requests are the last ones: a warm process's first check came before them.
                var requests = sim.Requests.Skip(sim.Requests.Count - result.Requests).ToList();
                if (!result.Succeeded)
                {
                    Console.Error.WriteLine($"bench: the {scenario} check failed: {result.Error}");
                    return 1;
                }

                var download = await DownloadFloorAsync(sim, requests);
                var written = result.ProductsWritten + result.SalesWritten;
                var insert = await InsertFloorAsync(database, connection, written);
                var forcedByBucket = requests.SelectMany(r => SimulatedMarketplaces.BucketsOf(r)).GroupBy(b => b)
                    .Select(g => (Bucket: g.Key, Limit: SimulatedMarketplaces.DocumentedLimits[g.Key], Time: SimulatedMarketplaces.DocumentedLimits[g.Key].Forced(g.Count())))
                    .ToList();
                var forced = forcedByBucket.MaxBy(f => f.Time);
                // The same without the limits the marketplaces do not publish (Ozon's analytics/stocks: other clients' figure).
                var published = forcedByBucket.Where(f => f.Limit.Published).MaxBy(f => f.Time);
                var perEndpoint = string.Join(", ", requests.GroupBy(r => r.Path).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
                var floor = download + insert;
                rows.Add(string.Join(" | ", [
                    $"| {products:N0}", database, scenario,
                    $"{result.Wall.TotalSeconds:0.0} s", $"{floor.TotalSeconds:0.0} s ({download.TotalSeconds:0.0} + {insert.TotalSeconds:0.0})",
                    $"{result.Wall / floor:0.0}x", $"{result.Cpu.TotalSeconds:0.0} s" + (warm ? "" : $" + {simulator.TotalSeconds:0.0} s"), $"{Minutes(forced.Time)} ({forced.Bucket})" + (forced.Limit.Published || published.Bucket is null ? "" : $"; published: {Minutes(published.Time)} ({published.Bucket})"), $"{requests.Count:N0}",
                    $"{result.PeakRssMb:N0} MB" + (result.CgroupPeakMb is { } charged ? $" ({charged:N0} MB)" : ""), $"{result.SqlCommands:N0}", $"{written:N0}",
                    result.RelayEvents == 0 ? "-" : $"{result.RelayEvents / result.Relay.TotalSeconds:N0}/s ({result.RelayEvents:N0})", " "]).TrimEnd());
                Console.Error.WriteLine($"bench: {scenario}: {perEndpoint}");
                Console.Error.WriteLine($"bench: {scenario}: {EventsDigest(Path.Combine(work.FullName, "events.jsonl"), ref eventsSeen)}");
            }

            Console.WriteLine($"| N | database | check | wall (limits lifted) | floor (download + insert) | wall / floor | CPU: check (+ simulator) | time the limits force (binding bucket) | requests | peak RSS (cgroup peak) | SQL commands | rows written | relay to {(pubsub is null ? "JSON-lines" : "Pub/Sub emulator")} |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            rows.ForEach(Console.WriteLine);
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>One check in this process, as a child of the run: the check, then the relay, with what they cost.</summary>
    public static async Task<int> CheckAsync(string[] args)
    {
        var now = DateTimeOffset.Parse(Arg(args, "--now") ?? throw new ArgumentException("--now is required"), CultureInfo.InvariantCulture);
        // The settings come in a file as well as in the environment: a key with a dot (a rate limit's bucket, wb.cards)
        // is not a shell variable's name, and the shell that enters a memory cgroup would drop it.
        var settings = Arg(args, "--settings") is { } file
            ? JsonSerializer.Deserialize<Dictionary<string, string?>>(File.ReadAllText(file))!.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => s.Value)
            : [];
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddStock(configuration);
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new SimulatedClock(now)));
        await using var provider = services.BuildServiceProvider();

        long sql = 0;
        long requests = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Stock" && instrument.Name is "stock.db.commands" or "stock.marketplace.requests")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "stock.db.commands")
            {
                Interlocked.Add(ref sql, value);
            }
            else
            {
                Interlocked.Add(ref requests, value);
            }
        });
        listener.Start();

        await provider.GetRequiredService<IStockDatabase>().MigrateAsync(default);
        var bus = provider.GetRequiredService<IMessageBus>();
        if (args.Contains("--keys"))
        {
            await bus.SendAsync(new SetMarketplaceKey(Seller, "wb", Token: WbToken), default);
            await bus.SendAsync(new SetMarketplaceKey(Seller, "ozon", ClientId: OzonClientId, ApiKey: OzonKey), default);
        }

        if (args.Contains("--warm"))
        {
            var first = await bus.SendAsync(new CheckStocks(Seller), default);
            if (!first.Succeeded)
            {
                Console.Error.WriteLine("bench: the warming check failed");
                return 1;
            }
        }

        // STOCK_BENCH_TRACE_MEMORY=1: every 10 s, the GC's heap and committed memory beside the process's anonymous
        // memory, to tell a live set from the GC's slack and from native memory.
        using var tracing = System.Environment.GetEnvironmentVariable("STOCK_BENCH_TRACE_MEMORY") == "1" ? new Timer(_ =>
        {
            var info = GC.GetGCMemoryInfo();
            var anon = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("RssAnon:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            Console.Error.WriteLine($"bench: memory: heap {info.HeapSizeBytes / 1048576} MB, committed {info.TotalCommittedBytes / 1048576} MB, fragmented {info.FragmentedBytes / 1048576} MB, limit {info.TotalAvailableMemoryBytes / 1048576} MB, load {info.MemoryLoadBytes / 1048576} MB, anon {long.Parse(anon ?? "0", CultureInfo.InvariantCulture) / 1024} MB, gen2 GCs {GC.CollectionCount(2)}");
        }, null, TimeSpan.Zero, TimeSpan.FromSeconds(10)) : null;
        var salesBefore = await CountSalesAsync(configuration);
        Interlocked.Exchange(ref sql, 0);
        Interlocked.Exchange(ref requests, 0);
        var cpu = CpuTime();
        var clock = Stopwatch.StartNew();
        var report = await bus.SendAsync(new CheckStocks(Seller), default);
        var wall = clock.Elapsed;
        cpu = CpuTime() - cpu;
        var commands = Interlocked.Read(ref sql);
        var asked = (int)Interlocked.Read(ref requests);
        var salesAfter = await CountSalesAsync(configuration);
        clock.Restart();
        var relay = await bus.SendAsync(new RelayOutbox(), default);
        var relayTime = clock.Elapsed;
        if (relay.Error is not null)
        {
            // A relay that stops leaves its rows pending; the run says why instead of showing a relay of nothing.
            Console.Error.WriteLine($"bench: the relay stopped: {relay.PendingLine}");
        }

        var result = new CheckResult(
            report.Succeeded,
            string.Join("; ", report.Marketplaces.Where(m => !m.Succeeded).Select(m => m.Error)),
            wall,
            cpu,
            PeakRssMb(),
            commands,
            report.Products,
            // The rows of the floor: the sales rows the check added (a check also rewrites some it keeps).
            salesAfter - salesBefore,
            relay.Published + relay.Suppressed,
            relayTime,
            asked);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static async Task<CheckResult> RunCheckAsync(DateTimeOffset now, bool keys, bool warm, Dictionary<string, string> environment, long? cgroupMib)
    {
        var start = new ProcessStartInfo(
            System.Environment.ProcessPath!,
            [typeof(Bench).Assembly.Location, "check", "--now", now.ToString("O", CultureInfo.InvariantCulture), .. keys ? new[] { "--keys" } : [], .. warm ? new[] { "--warm" } : []])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var settings = Path.Combine(Path.GetTempPath(), $"stock-bench-settings-{System.Environment.ProcessId}.json");
        await File.WriteAllTextAsync(settings, JsonSerializer.Serialize(environment));
        start.ArgumentList.Add("--settings");
        start.ArgumentList.Add(settings);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var cgroup = cgroupMib is { } mib ? MemoryCgroup.TryCreate(mib, out _) : null;
        using var process = Process.Start(cgroup?.Enter(start) ?? start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(settings);
        Console.Error.Write(await error);
        var line = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (process.ExitCode == 0 && line is not null)
        {
            return JsonSerializer.Deserialize<CheckResult>(line)! with { CgroupPeakMb = cgroup?.PeakMb };
        }

        var why = process.ExitCode == 137 && cgroup is not null ? $"killed at the {cgroupMib} MiB limit (the cgroup's peak: {cgroup.PeakMb:N0} MB)" : $"exit {process.ExitCode}";
        return new CheckResult(false, $"{why}: {await error}", TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0, 0, 0, TimeSpan.Zero, 0);
    }

    private static Dictionary<string, string> Environment(SimulatedMarketplaces sim, string database, string connection, string events)
    {
        var values = sim.ConfigurationValues().ToDictionary(v => v.Key.Replace(":", "__", StringComparison.Ordinal), v => v.Value ?? "");
        values["Stock__Database__Provider"] = database;
        values["ConnectionStrings__Stock"] = connection;
        values["Stock__Events__File"] = events;
        values["Stock__Secrets__Key"] = Convert.ToBase64String(new byte[32]);
        values["Stock__Marketplaces__TotalTimeout"] = "01:00:00";
        values["Stock__Marketplaces__AttemptTimeout"] = "00:10:00";
        // As the images run the hosts (their Dockerfiles' ENV, D53).
        values["MALLOC_ARENA_MAX"] = "2";
        foreach (var inherited in new[] { "PROJECT_ID", "REDIS_URL", "DATABASE_URL", "PUBSUB_EMULATOR_HOST" })
        {
            values[inherited] = "";
        }

        return values;
    }

    // A day passes: each product sells as it did (an order or two for most), and a tenth of them change stock.
    private static void NextDay(SimulatedSeller seller, SimulatedMarketplaces sim, Random random)
    {
        var yesterday = Today(sim).AddDays(-1);
        foreach (var nmId in seller.WbProducts)
        {
            var orders = random.Next(0, 4);
            if (orders > 0)
            {
                seller.AddWbOrders(nmId, yesterday.ToDateTime(new TimeOnly(13, 0)), orders);
            }

            if (random.NextDouble() < 0.1)
            {
                seller.SetWbStock(nmId, random.Next(0, 60), random.Next(0, 20));
            }
        }

        foreach (var sku in seller.OzonProducts)
        {
            var units = random.Next(0, 4);
            if (units > 0)
            {
                seller.AddOzonOrders(sku, yesterday, units);
            }

            if (random.NextDouble() < 0.1)
            {
                seller.SetOzonStock(sku, random.Next(0, 60), random.Next(0, 20));
            }
        }
    }

    /// <summary>The same requests again with a plain HttpClient, read and thrown away: endpoints at once, each in order.</summary>
    private static async Task<TimeSpan> DownloadFloorAsync(SimulatedMarketplaces sim, IReadOnlyList<SimulatedRequest> requests)
    {
        using var client = new HttpClient { BaseAddress = sim.BaseUrl, Timeout = TimeSpan.FromHours(1) };
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(requests.Where(r => r.Status == 200).GroupBy(r => r.Path).Select(async group =>
        {
            foreach (var request in group)
            {
                using var message = new HttpRequestMessage(new HttpMethod(request.Method), $"{request.Host}{request.Path}{request.Query}");
                foreach (var name in new[] { "Authorization", "Client-Id", "Api-Key" })
                {
                    if (request.Headers.TryGetValue(name, out var value))
                    {
                        message.Headers.TryAddWithoutValidation(name, value);
                    }
                }

                if (request.Body.Length > 0)
                {
                    message.Content = new StringContent(request.Body, Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
                await using var body = await response.Content.ReadAsStreamAsync();
                await body.CopyToAsync(Stream.Null);
            }
        }));
        return clock.Elapsed;
    }

    /// <summary>The same number of rows, inserted plainly into a table of the sales shape: 1,000-row INSERTs, one transaction.</summary>
    private static async Task<TimeSpan> InsertFloorAsync(string database, string connection, long rows)
    {
        await using var db = database == "Sqlite" ? (System.Data.Common.DbConnection)new SqliteConnection(connection) : new MySqlConnection(connection);
        await db.OpenAsync();
        await Execute(db, null, "DROP TABLE IF EXISTS bench_floor");
        await Execute(db, null, "CREATE TABLE bench_floor (product_id BIGINT NOT NULL, date DATE NOT NULL, quantity INT NOT NULL, in_stock TINYINT NOT NULL, stock INT NULL, PRIMARY KEY (product_id, date))");
        var clock = Stopwatch.StartNew();
        await using (var transaction = await db.BeginTransactionAsync())
        {
            for (long start = 0; start < rows; start += 1000)
            {
                var values = new StringBuilder("INSERT INTO bench_floor (product_id, date, quantity, in_stock, stock) VALUES ");
                for (var i = start; i < Math.Min(rows, start + 1000); i++)
                {
                    values.Append(i == start ? "" : ",").Append(CultureInfo.InvariantCulture, $"({i / 60},'{new DateOnly(2026, 1, 1).AddDays((int)(i % 60)):yyyy-MM-dd}',{i % 7},1,{i % 50})");
                }

                await Execute(db, transaction, values.ToString());
            }

            await transaction.CommitAsync();
        }

        var elapsed = clock.Elapsed;
        await Execute(db, null, "DROP TABLE bench_floor");
        return elapsed;
    }

    private static async Task Execute(System.Data.Common.DbConnection db, System.Data.Common.DbTransaction? transaction, string sql)
    {
        await using var command = db.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    // Sales rows in the database.
    private static async Task<long> CountSalesAsync(IConfiguration configuration)
    {
        var connection = configuration["ConnectionStrings:Stock"]!;
        await using var db = configuration["Stock:Database:Provider"] == "MySql" ? (System.Data.Common.DbConnection)new MySqlConnection(connection) : new SqliteConnection(connection);
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sales";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task CreateTopicsAsync(string emulator)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{emulator}/v1/projects/{PubSubProject}/") };
        foreach (var topic in new[] { "low_on_stock", "fbo_over", "fbo_received", "cluster_low", "stock_health" })
        {
            (await http.PutAsync($"topics/{topic}", new StringContent("{}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            var subscription = $$"""{"topic":"projects/{{PubSubProject}}/topics/{{topic}}"}""";
            (await http.PutAsync($"subscriptions/{topic}-bot", new StringContent(subscription, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }
    }

    private static async Task<string> FreshMySqlDatabaseAsync(string server, string name)
    {
        await using var db = new MySqlConnection(server);
        await db.OpenAsync();
        await Execute(db, null, $"DROP DATABASE IF EXISTS {name}");
        await Execute(db, null, $"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return $"{server};Database={name}";
    }

    /// <summary>
    /// The events a check's relay wrote to the JSON-lines file after the first <paramref name="seen"/> lines: how many per
    /// topic, and a digest of them without their guid and time, so that two runs (a memory limit or none) can be compared.
    /// </summary>
    private static string EventsDigest(string file, ref int seen)
    {
        var lines = File.Exists(file) ? File.ReadAllLines(file).Where(l => l.StartsWith('{')).ToArray() : [];
        var added = lines.Skip(seen).Select(line =>
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(line)!;
            var data = System.Text.Json.Nodes.JsonNode.Parse(node["data"]!.ToJsonString())!.AsObject();
            data.Remove("guid");
            data.Remove("time");
            return (Topic: node["topic"]!.GetValue<string>(), Text: node["topic"]!.GetValue<string>() + " " + data.ToJsonString());
        }).ToArray();
        seen = lines.Length;
        var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', added.Select(a => a.Text).Order(StringComparer.Ordinal)))))[..12];
        var topics = string.Join(", ", added.GroupBy(a => a.Topic).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
        return $"{added.Length} events ({topics}), digest {digest}";
    }

    /// <summary>The CPU time this process has used so far.</summary>
    private static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static double PeakRssMb()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static DateOnly Today(SimulatedMarketplaces sim) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(sim.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).DateTime);

    private static string Minutes(TimeSpan time) => time.TotalMinutes >= 1 ? $"{time.TotalMinutes:0.0} min" : $"{time.TotalSeconds:0} s";

    private static string? Arg(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}

internal sealed record CheckResult(
    bool Succeeded, string Error, TimeSpan Wall, TimeSpan Cpu, double PeakRssMb, long SqlCommands, int ProductsWritten, long SalesWritten, int RelayEvents, TimeSpan Relay, int Requests)
{
    /// <summary>What the kernel charged the check's memory cgroup at most (with the page cache of what it wrote); null without one.</summary>
    public double? CgroupPeakMb { get; init; }
}

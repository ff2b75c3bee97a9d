using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stock.Application.Checks;
using Stock.Application.Commands;
using Stock.Application.Messaging;
using Stock.Domain;
using Stock.Hosts.Console;
using Stock.Hosts.Console.Commands;
using Stock.Simulation;

namespace Stock.Hosts.Demo;

/// <summary>
/// <c>stock-demo [--dir stock-demo]</c>: the whole job on the embedded default (a SQLite file, events in a JSON-lines
/// file, dedup in the database) against the simulated marketplaces, over three simulated days, shown with the tables
/// of the <c>stock</c> console.
/// </summary>
internal static class DemoCommand
{
    private static readonly string[] _files = ["demo.db", "demo.db-wal", "demo.db-shm", "demo.db.key", "events.jsonl", "report.html"];

    // Written into the folder by the demo: only a folder that has it is one whose files the demo may delete.
    private const string Marker = ".stock-demo";

    public static RootCommand Create(CliContext context)
    {
        var folder = new Option<string>("--dir") { Description = "Where the demo keeps its database and events.", DefaultValueFactory = _ => "stock-demo" };
        var command = new RootCommand("Run Stock's checks over three simulated days against simulated Wildberries and Ozon, and show what happened.") { folder };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dir = Path.GetFullPath(parse.GetValue(folder)!);
            try
            {
                Directory.CreateDirectory(dir);
                var foreign = _files.Where(f => File.Exists(Path.Combine(dir, f))).ToArray();
                if (foreign.Length > 0 && !File.Exists(Path.Combine(dir, Marker)))
                {
                    await context.Error.WriteLineAsync($"{context.Name}: {dir} already holds {string.Join(", ", foreign)}, which the demo did not create; choose another --dir.");
                    return StockCli.BadInput;
                }

                foreach (var stale in foreign)
                {
                    File.Delete(Path.Combine(dir, stale));
                }

                await File.WriteAllTextAsync(Path.Combine(dir, Marker), "Made by the Stock demo (stock-demo): it may delete its own files here.\n", cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await context.Error.WriteLineAsync($"{context.Name}: --dir {dir} cannot hold the demo's files: {ErrorText.OneLine(ex.Message)}");
                return StockCli.BadInput;
            }

            var now = TimeProvider.System.GetUtcNow();
            var clock = new SimulatedClock(new DateTimeOffset(now.Year, now.Month, now.Day, 7, 0, 0, TimeSpan.Zero).AddDays(-DemoScenario.Days));
            await using var simulation = await SimulatedMarketplaces.StartAsync(clock, cancellationToken);
            var scenario = DemoScenario.Create(simulation);
            var demo = new CliContext(Demo(context, dir, simulation), context.Output, context.Error, context.Name);

            return await StockCli.ExecuteAsync(
                demo,
                async services =>
                {
                    await Migrations.EnsureAsync(services, cancellationToken);
                    var bus = services.GetRequiredService<IMessageBus>();
                    await bus.SendAsync(new SetMarketplaceKey(DemoScenario.Seller, "wb", Token: scenario.WbToken), cancellationToken);
                    await bus.SendAsync(new SetMarketplaceKey(DemoScenario.Seller, "ozon", ClientId: DemoScenario.OzonClientId, ApiKey: DemoScenario.OzonApiKey), cancellationToken);
                    await context.Output.WriteLineAsync($"Demo: {DemoScenario.Seller} on simulated Wildberries and Ozon at {simulation.BaseUrl}, data in {dir}");

                    var exit = StockCli.Ok;
                    for (var day = 0; day < DemoScenario.Days; day++)
                    {
                        await context.Output.WriteLineAsync();
                        await context.Output.WriteLineAsync($"Day {day + 1}: {scenario.Apply(day)}.");
                        var report = await services.GetRequiredService<CheckPolicy>().CheckThenRelayAsync(new CheckStocks(DemoScenario.Seller), cancellationToken);
                        await Summary.WriteAsync(context.Output, report);
                        // The last day fails WB on purpose (a withdrawn token): only another failure fails the demo.
                        var unexpected = report.Marketplaces.Any(m => !m.Succeeded && m.Marketplace.ToWire() != DemoScenario.ExpectedFailure(day));
                        exit = unexpected || report.EventsPending ? StockCli.Failed : exit;
                        clock.Advance(TimeSpan.FromDays(1));
                    }

                    clock.Advance(TimeSpan.FromDays(-1));
                    await context.Output.WriteLineAsync();
                    await context.Output.WriteLineAsync("Products:");
                    var products = await bus.SendAsync(new ReportStock(DemoScenario.Seller), cancellationToken);
                    await ReportCommand.WriteTableAsync(context.Output, products);
                    var page = Path.Combine(dir, "report.html");
                    await using (var writer = new StreamWriter(page, append: false, new System.Text.UTF8Encoding(false)))
                    {
                        await ReportCommand.WriteAsync(writer, products, "html", cancellationToken);
                    }
                    await context.Output.WriteLineAsync();
                    await context.Output.WriteLineAsync();
                    await context.Output.WriteLineAsync($"The report page, with a chart per product: {page}");
                    await context.Output.WriteLineAsync($"Events published to {Path.Combine(dir, "events.jsonl")}:");
                    await WriteEventsAsync(context.Output, Path.Combine(dir, "events.jsonl"));
                    return exit;
                },
                services: services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        });
        return command;
    }

    private static IConfiguration Demo(CliContext context, string dir, SimulatedMarketplaces simulation)
    {
        var values = new Dictionary<string, string?>(simulation.ConfigurationValues())
        {
            // The embedded default, whatever the environment says: no server is needed.
            ["Stock:Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Stock"] = $"Data Source={Path.Combine(dir, "demo.db")};Pooling=False",
            ["Stock:Events:File"] = Path.Combine(dir, "events.jsonl"),
            ["Stock:PubSub:ProjectId"] = "",
            ["PROJECT_ID"] = "",
            ["Stock:Redis:Configuration"] = "",
            ["REDIS_URL"] = "",
            ["DATABASE_URL"] = "",
        };
        return new ConfigurationBuilder()
            .AddConfiguration(context.Configuration)
            .AddInMemoryCollection(values)
            .Build();
    }

    private static async Task WriteEventsAsync(TextWriter output, string file)
    {
        var table = new TextTable("topic", "mp", "sku", "vendor code", "what it says");
        foreach (var line in File.Exists(file) ? await File.ReadAllLinesAsync(file) : [])
        {
            using var json = JsonDocument.Parse(line);
            var topic = json.RootElement.GetProperty("topic").GetString();
            var data = json.RootElement.GetProperty("data");
            var body = data.TryGetProperty("data", out var envelope)
                ? envelope.TryGetProperty("notification", out var notification) ? notification : envelope.GetProperty("health")
                : data;
            table.Add(topic, Text(body, "mp"), Text(body, "sku"), Text(body, "vendor_code"), Says(body));
        }

        await table.WriteAsync(output);
    }

    // One line per event kind, from the payload's own keys (docs/events.md).
    private static string Says(JsonElement e)
    {
        if (e.TryGetProperty("act_by_date", out var actBy))
        {
            var what = Text(e, "kind") == "ship" ? $"ship {Text(e, "recommended_supply")} by {actBy.GetString()} ({Text(e, "covered_by_fbs")} from FBS)" : $"order {Text(e, "recommended_supply")} by {actBy.GetString()}";
            return $"{what}: fbo {Text(e, "stock_fbo")}, fbs {Text(e, "stock_fbs")}, in transit {Text(e, "in_transit")}, sells {Text(e, "forecast_per_day")} a day, runs out {Text(e, "stockout_date")}";
        }

        if (e.TryGetProperty("kind", out var kind))
        {
            return kind.GetString() == "key_expiring" ? $"key expires in {Text(e, "days_left")} days ({Text(e, "expires_at")})" : Text(e, "message");
        }

        if (e.TryGetProperty("cluster_name", out var cluster))
        {
            return $"{cluster.GetString()}: {Text(e, "stock")} left, sells {Text(e, "ads")} a day, {Text(e, "days_of_cover")} days of cover";
        }

        var stock = $"fbo {Text(e, "stock_fbo")}, fbs {Text(e, "stock_fbs")}, sold {Text(e, "sales_for_period")} in 30 days";
        return e.TryGetProperty("status_notification", out var band)
            ? $"{stock}; band {band.GetInt32()}, {Text(e, "days_of_cover")} days of cover, ship {Text(e, "recommended_supply")}"
            : stock;
    }

    private static string Text(JsonElement e, string key) => !e.TryGetProperty(key, out var value) ? "" : value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null => "-",
        _ => value.GetRawText(),
    };
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stock.Application.Checks;
using Stock.Application.Commands;
using Stock.Application.Localization;
using Stock.Application.Messaging;
using Stock.Domain;
using Stock.Hosts.Console;
using Stock.Hosts.Console.Commands;
using Stock.Hosts.Demo.Localization;
using Stock.Simulation;

namespace Stock.Hosts.Demo;

/// <summary>
/// <c>stock-demo [--dir stock-demo]</c>: the whole job on the embedded default (a SQLite file, events in a JSON-lines
/// file, dedup in the database) against the simulated marketplaces, over three simulated days, shown with the tables
/// of the <c>stock</c> console.
/// </summary>
internal static class DemoCommand
{
    private static readonly string[] _files = ["demo.db", "demo.db-wal", "demo.db-shm", "demo.db.key", "demo.db.leases", "demo.db.leases-wal", "demo.db.leases-shm", "events.jsonl", "report.html"];

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
                await context.Error.WriteLineAsync($"{context.Name}: --dir {dir} cannot hold the demo's files: {ErrorText.Of(ex)}");
                return StockCli.BadInput;
            }

            var now = TimeProvider.System.GetUtcNow();
            var clock = new SimulatedClock(new DateTimeOffset(now.Year, now.Month, now.Day, 7, 0, 0, TimeSpan.Zero).AddDays(-DemoScenario.Days));
            await using var simulation = await SimulatedMarketplaces.StartAsync(clock, cancellationToken);
            var scenario = DemoScenario.Create(simulation);
            var demo = new CliContext(Demo(context, dir, simulation), context.Output, context.Error, context.Name, context.Text, context.Stopping);
            var text = context.Text;

            return await StockCli.ExecuteAsync(
                demo,
                async services =>
                {
                    await Migrations.EnsureAsync(services, cancellationToken);
                    var bus = services.GetRequiredService<IMessageBus>();
                    await bus.SendAsync(new SetMarketplaceKey(DemoScenario.Seller, "wb", Token: scenario.WbToken), cancellationToken);
                    await bus.SendAsync(new SetMarketplaceKey(DemoScenario.Seller, "ozon", ClientId: DemoScenario.OzonClientId, ApiKey: DemoScenario.OzonApiKey), cancellationToken);
                    await context.Output.WriteLineAsync(text.Format(nameof(DemoTexts.Demo_Intro), DemoScenario.Seller, simulation.BaseUrl, dir));

                    var exit = StockCli.Ok;
                    for (var day = 0; day < DemoScenario.Days; day++)
                    {
                        await context.Output.WriteLineAsync();
                        scenario.Apply(day);
                        await context.Output.WriteLineAsync(text.Format(nameof(DemoTexts.Demo_Day), day + 1, Story(text, scenario, day)));
                        var report = await services.GetRequiredService<CheckPolicy>().CheckThenRelayAsync(new CheckStocks(DemoScenario.Seller), cancellationToken);
                        await Summary.WriteAsync(context.Output, report, text);
                        // The last day fails WB on purpose (a withdrawn token): only another failure fails the demo.
                        var unexpected = report.Marketplaces.Any(m => !m.Succeeded && m.Marketplace.ToWire() != DemoScenario.ExpectedFailure(day));
                        exit = unexpected || report.EventsPending ? StockCli.Failed : exit;
                        clock.Advance(TimeSpan.FromDays(1));
                    }

                    clock.Advance(TimeSpan.FromDays(-1));
                    await context.Output.WriteLineAsync();
                    await context.Output.WriteLineAsync(text[nameof(DemoTexts.Demo_Products)]);
                    var products = await bus.SendAsync(new ReportStock(DemoScenario.Seller), cancellationToken);
                    await ReportCommand.WriteTableAsync(context.Output, products, text);
                    var page = Path.Combine(dir, "report.html");
                    await using (var writer = new StreamWriter(page, append: false, new System.Text.UTF8Encoding(false)))
                    {
                        await ReportCommand.WriteAsync(writer, products, "html", text, cancellationToken);
                    }
                    await context.Output.WriteLineAsync();
                    await context.Output.WriteLineAsync();
                    await context.Output.WriteLineAsync(text.Format(nameof(DemoTexts.Demo_Page), page));
                    await context.Output.WriteLineAsync(text.Format(nameof(DemoTexts.Demo_Events), Path.Combine(dir, "events.jsonl")));
                    await WriteEventsAsync(context.Output, Path.Combine(dir, "events.jsonl"), text);
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

    // What happens before the check of the day, as DemoScenario.Apply makes it happen.
    private static string Story(StockText text, DemoScenario scenario, int day) => day switch
    {
        0 => text.Format(nameof(DemoTexts.Demo_Story1), text.Days(DemoScenario.WbTokenDaysLeft)),
        1 => text.Format(nameof(DemoTexts.Demo_Story2), scenario.FboRunsOutNmId, scenario.SupplyArrivesNmId),
        _ => text[nameof(DemoTexts.Demo_Story3)],
    };

    private static async Task WriteEventsAsync(TextWriter output, string file, StockText text)
    {
        var table = new TextTable(text, text[nameof(DemoTexts.Column_Topic)], text.Column(ReportColumn.Marketplace), text.Column(ReportColumn.Sku), text.Column(ReportColumn.VendorCode), text[nameof(DemoTexts.Column_Says)]);
        foreach (var line in File.Exists(file) ? await File.ReadAllLinesAsync(file) : [])
        {
            using var json = JsonDocument.Parse(line);
            var topic = json.RootElement.GetProperty("topic").GetString();
            var data = json.RootElement.GetProperty("data");
            var body = data.TryGetProperty("data", out var envelope)
                ? envelope.TryGetProperty("notification", out var notification) ? notification : envelope.GetProperty("health")
                : data;
            var marketplace = Value(text, body, "mp");
            table.Add(topic, marketplace.Length > 0 ? text.Marketplace(Marketplace.Of(marketplace)) : "", Value(text, body, "sku"), Value(text, body, "vendor_code"), Says(text, body));
        }

        await table.WriteAsync(output);
    }

    // One line per event kind, from the payload's own keys (docs/events.md), its numbers and dates in the culture.
    private static string Says(StockText text, JsonElement e)
    {
        string V(string key) => Value(text, e, key);
        if (e.TryGetProperty("act_by_date", out _))
        {
            var what = V("kind") == "ship"
                ? text.Format(nameof(DemoTexts.Says_Ship), V("recommended_supply"), V("act_by_date"), V("covered_by_fbs"))
                : text.Format(nameof(DemoTexts.Says_Reorder), V("recommended_supply"), V("act_by_date"));
            return text.Format(nameof(DemoTexts.Says_Supply), what, V("stock_fbo"), V("stock_fbs"), V("in_transit"), V("forecast_per_day"), V("stockout_date"));
        }

        if (e.TryGetProperty("kind", out var kind))
        {
            return kind.GetString() == "key_expiring"
                ? text.Format(nameof(DemoTexts.Says_KeyExpiring), e.TryGetProperty("days_left", out var days) ? text.Days(days.GetInt64()) : "", V("expires_at"))
                : V("message"); // the marketplace's answer, as logged
        }

        if (e.TryGetProperty("cluster_name", out _))
        {
            return text.Format(nameof(DemoTexts.Says_Cluster), V("cluster_name"), V("stock"), V("ads"), V("days_of_cover"));
        }

        var stock = text.Format(nameof(DemoTexts.Says_Stock), V("stock_fbo"), V("stock_fbs"), V("sales_for_period"));
        return e.TryGetProperty("status_notification", out var band)
            ? text.Format(nameof(DemoTexts.Says_Band), stock, band.GetInt32(), V("days_of_cover"), V("recommended_supply"))
            : stock;
    }

    // A payload's value as people read it: numbers and dates in the culture, a moment in UTC, text as it is.
    private static string Value(StockText text, JsonElement e, string key) => !e.TryGetProperty(key, out var value) ? "" : value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble().ToString("#,0.##", text.Culture),
        JsonValueKind.String when DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => text.Date(date),
        JsonValueKind.String when value.GetString()!.Contains('T', StringComparison.Ordinal) && value.TryGetDateTimeOffset(out var moment) =>
            moment.UtcDateTime.ToString("g", text.Culture) + " UTC",
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null => "-",
        _ => value.GetRawText(),
    };
}

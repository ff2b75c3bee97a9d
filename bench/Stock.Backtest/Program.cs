// The backtest of issue 26 (docs/forecast.md, "Backtest"): the simulated WB replays families of demand for a number of
// business days, one real check a day (the whole library: adapters, database, rules, relay to a JSON-lines file), and a
// simulated seller acts on the alerts: it ships the recommended supply from its own stock, which arrives on WB's
// warehouses after the true lead time (the configured one, give or take three days) and is in transit meanwhile.
// The same demand is replayed for a seller who acts on SupplyDue (kind ship) and one who acts on LowOnStock alone.
// Usage: dotnet run -c Release --project bench/Stock.Backtest -- [--per-family N] [--days N] [--seed N]
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Stock;
using Stock.Application.Checks;
using Stock.Application.Commands;
using Stock.Application.Messaging;
using Stock.Infrastructure.Persistence;
using Stock.Simulation;

var perFamily = Arg("--per-family", 30);
var days = Arg("--days", 180);
var seed = Arg("--seed", 7);
const int Lead = 10;
const int History = 60;

var families = new (string Name, Func<int, Random, double> Rate)[]
{
    ("steady", (_, _) => 4),
    ("intermittent", (_, _) => 1.5),
    ("weekly season", (t, _) => 3 * (1 + (0.6 * Math.Sin(2 * Math.PI * t / 7)))),
    ("trend up", (t, _) => 2 + (4.0 * (t + History) / (days + History))),
    ("trend down", (t, _) => 6 - (4.0 * (t + History) / (days + History))),
    ("promotion spike", (t, _) => t is >= 60 and < 74 ? 12 : 3),
    ("new product", (t, _) => t < -10 ? 0 : 3),
    ("history with stock-outs", (_, _) => 4),
};

// The demand of every product on every day, drawn once, so that both sellers meet the same customers.
var products = new List<Product>();
for (var f = 0; f < families.Length; f++)
{
    for (var i = 0; i < perFamily; i++)
    {
        var random = new Random(HashCode.Combine(seed, f, i));
        var family = families[f];
        var rates = Enumerable.Range(-History, History + days).Select(t => family.Rate(t, random)).ToArray();
        var demand = rates.Select(r => family.Name == "intermittent" ? (random.NextDouble() < 0.25 ? Poisson(random, r * 4) : 0) : Poisson(random, r)).ToArray();
        var leads = Enumerable.Range(0, days).Select(_ => Lead - 3 + random.Next(7)).ToArray();
        products.Add(new Product(211_000_000 + (f * 1000) + i, family.Name, rates, demand, leads, InitialCover: 8 + random.Next(25)));
    }
}

Console.Error.WriteLine($"backtest: {products.Count} products ({perFamily} per family), {days} days, seed {seed}, lead time {Lead} +- 3 days");
var supply = await RunAsync("SupplyDue", products, days);
var low = await RunAsync("LowOnStock", products, days);
Console.WriteLine("| seller acts on | stock-out days per 100 product-days | stock-outs alerted a lead time ahead | average days of cover held | alerts acted on per product per 30 days |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var r in new[] { supply, low })
{
    Console.WriteLine(FormattableString.Invariant($"| `{r.Policy}` | {r.StockoutPer100:0.00} | {r.AlertedShare:P0} | {r.AverageCover:0.0} | {r.AlertsPer30:0.00} |"));
}

Console.WriteLine();
Console.WriteLine("| family | stock-out days per 100, SupplyDue | LowOnStock |");
Console.WriteLine("|---|---|---|");
foreach (var family in families)
{
    Console.WriteLine(FormattableString.Invariant($"| {family.Name} | {supply.ByFamily[family.Name]:0.00} | {low.ByFamily[family.Name]:0.00} |"));
}

return 0;

static async Task<Result> RunAsync(string policy, List<Product> products, int days)
{
    var start = new DateTimeOffset(2026, 6, 1, 7, 0, 0, TimeSpan.Zero); // 10:00 in Moscow
    var clock = new SimulatedClock(start);
    await using var sim = await SimulatedMarketplaces.StartAsync(clock);
    var seller = sim.AddSeller("ООО Бэктест", "backtest-wb-token-0001", "123456", "backtest-ozon-key");
    var fbo = new Dictionary<long, int>();
    foreach (var p in products)
    {
        var initial = (int)Math.Ceiling(p.Rates[History] * p.InitialCover);
        seller.AddWbProduct(p.NmId, $"BT-{p.NmId}", $"{p.Family} {p.NmId}", fbo: initial, fbs: 0, start.AddDays(-200));
        fbo[p.NmId] = initial;
        for (var t = 0; t < History; t++)
        {
            // The history with stock-outs was out of stock for ten days three weeks before the start.
            var outOfStock = p.Family == "history with stock-outs" && t is >= 35 and < 45;
            if (!outOfStock && p.Demand[t] > 0)
            {
                seller.AddWbOrders(p.NmId, MoscowDay(start, t - History).ToDateTime(new TimeOnly(12, 0)), p.Demand[t]);
            }
        }
    }

    var dir = Directory.CreateTempSubdirectory("stock-backtest-").FullName;
    var events = Path.Combine(dir, "events.jsonl");
    var configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(sim.ConfigurationValues())
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Stock"] = $"Data Source={Path.Combine(dir, "stock.db")}",
            ["Stock:Events:File"] = events,
            ["Stock:Supply:ShipLeadTimeDays"] = Lead.ToString(CultureInfo.InvariantCulture),
            // The seller's own stock is refilled at will here: only the supply to WB's warehouses is measured.
            ["Stock:Supply:ReorderLeadTimeDays"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        })
        .Build();
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddSingleton<TimeProvider>(clock);
    services.AddStock(configuration);
    await using var provider = services.BuildServiceProvider();
    await provider.GetRequiredService<IStockDatabase>().MigrateAsync(default);
    await using (var scope = provider.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().SendAsync(new SetMarketplaceKey("ООО Бэктест", "wb", Token: "backtest-wb-token-0001"), default);
    }

    var arrivals = new List<(int Day, long NmId, int Quantity, long SupplyId)>();
    var alerts = new Dictionary<long, List<int>>();
    var stockoutDays = new Dictionary<long, List<int>>();
    double coverSum = 0;
    long productDays = 0, read = 0;
    for (var day = 0; day < days; day++)
    {
        foreach (var arrival in arrivals.Where(a => a.Day == day).ToList())
        {
            fbo[arrival.NmId] += arrival.Quantity;
            seller.AcceptWbSupply(arrival.SupplyId);
            arrivals.Remove(arrival);
        }

        foreach (var p in products)
        {
            seller.SetWbStock(p.NmId, fbo[p.NmId], fbs: 0);
        }

        await using (var scope = provider.CreateAsyncScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<CheckPolicy>().CheckThenRelayAsync(new CheckStocks("ООО Бэктест"), default);
            if (!report.Succeeded || report.EventsPending)
            {
                throw new InvalidOperationException($"day {day}: the check failed: {string.Join("; ", report.Marketplaces.Select(m => m.Error))} {report.Relay?.Error}");
            }
        }

        var lines = await File.ReadAllLinesAsync(events);
        foreach (var line in lines.Skip((int)read))
        {
            using var json = JsonDocument.Parse(line);
            var topic = json.RootElement.GetProperty("topic").GetString();
            var data = json.RootElement.GetProperty("data");
            var (acted, body) = (policy, topic) switch
            {
                ("SupplyDue", "supply_due") when data.GetProperty("kind").GetString() == "ship" => (true, data),
                ("LowOnStock", "low_on_stock") => (true, data.GetProperty("data").GetProperty("notification")),
                _ => (false, data),
            };
            if (!acted)
            {
                continue;
            }

            var nmId = long.Parse(body.GetProperty("sku").GetString()!, CultureInfo.InvariantCulture);
            var quantity = body.GetProperty("recommended_supply").GetInt32();
            var product = products.First(p => p.NmId == nmId);
            (alerts.TryGetValue(nmId, out var list) ? list : alerts[nmId] = []).Add(day);
            if (quantity > 0)
            {
                var id = seller.AddWbSupply(statusId: 3, preorder: false, (nmId, quantity, 0));
                arrivals.Add((day + product.Leads[day], nmId, quantity, id));
            }
        }

        read = lines.Length;

        // The day's customers: what is on WB's warehouses sells, the rest is lost.
        foreach (var p in products)
        {
            var rate = p.Rates[History + day];
            if (rate <= 0)
            {
                continue;
            }

            productDays++;
            var stock = fbo[p.NmId];
            coverSum += Math.Min(stock / rate, 365);
            if (stock == 0)
            {
                (stockoutDays.TryGetValue(p.NmId, out var list) ? list : stockoutDays[p.NmId] = []).Add(day);
            }

            var sold = Math.Min(stock, p.Demand[History + day]);
            fbo[p.NmId] = stock - sold;
            if (sold > 0)
            {
                seller.AddWbOrders(p.NmId, MoscowDay(start, day).ToDateTime(new TimeOnly(12, 0)), sold);
            }
        }

        clock.Advance(TimeSpan.FromDays(1));
    }

    // A stock-out episode starts on a stock-out day after a day in stock; it was alerted in time when an acted-on alert
    // came at least a lead time before it (and after the previous episode).
    int episodes = 0, alerted = 0;
    foreach (var (nmId, outDays) in stockoutDays)
    {
        var previous = -1;
        foreach (var day in outDays.Where((d, i) => i == 0 || outDays[i - 1] != d - 1))
        {
            episodes++;
            if (alerts.TryGetValue(nmId, out var at) && at.Any(a => a > previous && a <= day - Lead))
            {
                alerted++;
            }

            previous = day;
        }
    }

    var byFamily = products.GroupBy(p => p.Family).ToDictionary(
        g => g.Key,
        g => 100.0 * g.Sum(p => stockoutDays.GetValueOrDefault(p.NmId)?.Count ?? 0) / Math.Max(1, g.Sum(p => p.Rates.Skip(History).Count(r => r > 0))));
    Directory.Delete(dir, recursive: true);
    var total = stockoutDays.Values.Sum(d => d.Count);
    Console.Error.WriteLine($"backtest: {policy}: {total} stock-out days, {episodes} episodes, {alerts.Values.Sum(a => a.Count)} alerts acted on");
    return new Result(
        policy,
        100.0 * total / productDays,
        episodes == 0 ? 1 : (double)alerted / episodes,
        coverSum / productDays,
        alerts.Values.Sum(a => a.Count) * 30.0 / (products.Count * (double)days),
        byFamily);
}

static DateOnly MoscowDay(DateTimeOffset start, int day) =>
    DateOnly.FromDateTime(start.AddDays(day).ToOffset(TimeSpan.FromHours(3)).DateTime);

static int Poisson(Random random, double mean)
{
    if (mean <= 0)
    {
        return 0;
    }

    // Knuth's method: fine for the small means here.
    var limit = Math.Exp(-mean);
    var k = 0;
    var product = random.NextDouble();
    while (product > limit)
    {
        k++;
        product *= random.NextDouble();
    }

    return k;
}

int Arg(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed record Product(long NmId, string Family, double[] Rates, int[] Demand, int[] Leads, int InitialCover);

internal sealed record Result(string Policy, double StockoutPer100, double AlertedShare, double AverageCover, double AlertsPer30, Dictionary<string, double> ByFamily);

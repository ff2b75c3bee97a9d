using System.Text.Json;
using System.Xml.Linq;
using Stock.Hosts.Console;
using Stock.Simulation;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Hosts;

/// <summary>The report page (issue 15): read as a document, checked against the JSON report, and rendered in headless Chromium.</summary>
[Trait("Needs", "Services")]
public sealed class ReportPageTests : IAsyncLifetime
{
    private const string Seller = "ООО Амодекор";
    private const string Token = "wb-report-token-0000000001";
    private readonly string _dir = Directory.CreateTempSubdirectory("stock-report-").FullName;
    private SimulatedMarketplaces _sim = null!;
    private Dictionary<string, string?> _environment = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatedMarketplaces.StartAsync();
        var seller = _sim.AddSeller(Seller, Token, "123456", "ozon-report-key");
        seller.Generate(seed: 15, wbProducts: 12, ozonProducts: 12, _sim.Today);
        _environment = new Dictionary<string, string?>(_sim.ConfigurationValues())
        {
            ["ConnectionStrings__Stock"] = $"Data Source={Path.Combine(_dir, "stock.db")};Pooling=False",
            ["Stock__Events__File"] = Path.Combine(_dir, "events.jsonl"),
        };
        (await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token)).Exit.Should().Be(0);
        (await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "ozon", "--client-id", "123456", "--api-key", "ozon-report-key")).Exit.Should().Be(0);
        (await RunAsync("check", "--legal-entity", Seller)).Exit.Should().Be(0);
        seller.SetWbStock(seller.WbProducts[0], fbo: 1, fbs: 0);
        (await RunAsync("check", "--legal-entity", Seller)).Exit.Should().Be(0);
    }

    public async Task DisposeAsync()
    {
        await _sim.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Page_HasEveryProductOnce_OneChartPerRow_NothingFetched_AndTheNumbersOfTheJsonReport()
    {
        var file = Path.Combine(_dir, "report.html");
        var written = await RunAsync("report", "--legal-entity", Seller, "--format", "html", "--output", file);
        var json = JsonDocument.Parse((await RunAsync("report", "--legal-entity", Seller, "--format", "json")).Output).RootElement.EnumerateArray().ToList();

        written.Exit.Should().Be(0, written.Error);
        written.Output.Should().Contain(file);
        var page = XDocument.Parse(await File.ReadAllTextAsync(file));
        XNamespace svg = "http://www.w3.org/2000/svg";
        var rows = page.Descendants("div").Where(d => (string?)d.Attribute("role") == "row" && d.Attribute("data-sku") is not null).ToList();
        rows.Select(r => (string)r.Attribute("data-sku")!).Should().OnlyHaveUniqueItems()
            .And.BeEquivalentTo(json.Select(p => $"{p.GetProperty("marketplace").GetString()}:{p.GetProperty("sku").GetString()}"));
        rows.Should().OnlyContain(r => r.Descendants(svg + "svg").Count() == 1, "one chart per row");
        page.Descendants().Where(e => e.Name.LocalName is "script" or "link" or "img" or "iframe").Should().BeEmpty("nothing is fetched");
        var references = page.Descendants().SelectMany(e => e.Attributes().Where(a => a.Name.LocalName is "src" or "href")).Select(a => a.Value).ToList();
        references.Should().OnlyContain(url => url.StartsWith("https://www.wildberries.ru/catalog/", StringComparison.Ordinal) || url.StartsWith("https://www.ozon.ru/product/", StringComparison.Ordinal));
        page.Descendants("h1").Single().Value.Should().Be(Seller);

        // The page is in Russian, the default: the numbers and dates of the JSON report in Russian formats.
        var ru = System.Globalization.CultureInfo.GetCultureInfo("ru-RU");
        page.Root!.Attribute("lang")!.Value.Should().Be("ru");
        foreach (var product in json.Take(2)) // the two most urgent
        {
            var row = rows.Single(r => (string)r.Attribute("data-sku")! == $"{product.GetProperty("marketplace").GetString()}:{product.GetProperty("sku").GetString()}");
            var cells = row.Elements("div").Select(c => c.Value).ToList();
            cells[4].Should().Be(product.GetProperty("stock_fbo").GetInt32().ToString("N0", ru));
            cells[5].Should().Be(product.GetProperty("stock_fbs").GetInt32().ToString("N0", ru));
            cells[6].Should().Be(product.GetProperty("in_transit").GetInt32() is > 0 and var transit ? transit.ToString("N0", ru) : "");
            cells[8].Should().Be(product.GetProperty("sales_30_days").GetInt64().ToString("N0", ru));
            cells[9].Should().Be(product.GetProperty("days_of_cover").GetDouble().ToString("N1", ru));
            cells[10].Should().Be(product.GetProperty("ship_by").ValueKind == JsonValueKind.Null ? "" : DateOnly.Parse(product.GetProperty("ship_by").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToString("dd.MM.yyyy", ru));
            cells[11].Should().Be(product.GetProperty("recommended_supply").GetInt32().ToString("N0", ru));
        }

        rows.Select(r => r.Elements("div").ElementAt(10).Value).Select(v => v.Length == 0 ? DateOnly.MaxValue : DateOnly.ParseExact(v, "dd.MM.yyyy", ru))
            .Should().BeInAscendingOrder("most urgent first: the earliest ship-by date");
        json[0].GetProperty("days").GetArrayLength().Should().Be(60);
    }

    [Fact]
    public async Task RussianPage_RendersInHeadlessChromium_WithoutErrors_AndIsNotBlank()
    {
        var file = Path.Combine(_dir, "chromium.html");
        (await RunAsync("report", "--legal-entity", Seller, "--format", "html", "--output", file, "--Stock:Culture=ru-RU")).Exit.Should().Be(0);
        await using var chromium = await HeadlessChromium.StartAsync();

        await chromium.OpenAsync(new Uri(file));
        var rows = (await chromium.EvaluateAsync("document.querySelectorAll('.r[data-sku]').length"))!.GetValue<int>();
        var charts = (await chromium.EvaluateAsync("document.querySelectorAll('.r[data-sku] svg').length"))!.GetValue<int>();
        var drawn = (await chromium.EvaluateAsync("[...document.querySelectorAll('.r[data-sku] svg')].slice(0, 10).filter(s => s.getBoundingClientRect().width > 0).length"))!.GetValue<int>();
        var language = (await chromium.EvaluateAsync("document.documentElement.lang"))!.GetValue<string>();
        var headings = (await chromium.EvaluateAsync("[...document.querySelectorAll('.h > div')].map(h => h.textContent).join('|')"))!.GetValue<string>();
        var screenshot = await chromium.ScreenshotAsync();
        await chromium.OpenAsync(new Uri("about:blank"));
        var blank = await chromium.ScreenshotAsync();

        chromium.Errors.Should().BeEmpty();
        rows.Should().Be(24);
        charts.Should().Be(rows, "one chart per row");
        drawn.Should().Be(10, "the charts on screen are laid out");
        (language, headings).Should().Be(("ru", "МП|Артикул МП|Артикул продавца|Название|FBO|FBS|В пути|Статус|Продажи за 30 дн.|Запас, дн.|Отгрузить до|К поставке, шт.|Последнее оповещение|Последние 60 дней"));
        screenshot.Take(8).Should().Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, "a PNG");
        screenshot.Length.Should().BeGreaterThan(blank.Length * 5, "a rendered page compresses far worse than a blank one");
        await File.WriteAllBytesAsync(Path.Combine(_dir, "report.png"), screenshot);
    }

    [Fact]
    public async Task Chromium_CollectsConsoleErrorsAndExceptions_SoThatTheRenderCheckCanFail()
    {
        var file = Path.Combine(_dir, "broken.html");
        await File.WriteAllTextAsync(file, "<html><body><script>console.error('broken'); undefinedFunction();</script></body></html>");
        await using var chromium = await HeadlessChromium.StartAsync();

        await chromium.OpenAsync(new Uri(file));

        chromium.Errors.Should().Contain(e => e.Contains("broken", StringComparison.Ordinal)).And.Contain(e => e.Contains("undefinedFunction", StringComparison.Ordinal));
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await StockCli.RunAsync(args, output, error, _environment, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}

using System.Globalization;
using System.Resources;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Stock.Application.Commands;
using Stock.Application.Localization;
using Stock.Application.Reports;
using Stock.Domain;
using Stock.Domain.Products;
using Stock.Hosts.Console;
using Stock.Hosts.Demo;
using Stock.Simulation;
using Stock.Tests.Faults;

namespace Stock.Tests.Hosts;

/// <summary>
/// What people read, in Russian and in English (docs/localization.md): the report page, the console's check summary and
/// tables, the demo; plural forms and culture formats; and machine output (JSON, CSV, events, exit codes, errors) the
/// same byte for byte in both.
/// </summary>
public sealed partial class LocalizationTests : IAsyncLifetime
{
    private const string Seller = "ООО Амодекор";
    private const string Token = "wb-l10n-token-0000000001";
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");
    private readonly string _dir = Directory.CreateTempSubdirectory("stock-l10n-").FullName;
    private readonly List<SimulatedMarketplaces> _simulations = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var simulation in _simulations)
        {
            await simulation.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(0, "0 дней", "0 days")]
    [InlineData(1, "1 день", "1 day")]
    [InlineData(2, "2 дня", "2 days")]
    [InlineData(4, "4 дня", "4 days")]
    [InlineData(5, "5 дней", "5 days")]
    [InlineData(11, "11 дней", "11 days")]
    [InlineData(12, "12 дней", "12 days")]
    [InlineData(14, "14 дней", "14 days")]
    [InlineData(21, "21 день", "21 days")]
    [InlineData(22, "22 дня", "22 days")]
    [InlineData(25, "25 дней", "25 days")]
    [InlineData(101, "101 день", "101 days")]
    [InlineData(111, "111 дней", "111 days")]
    [InlineData(1_001, "1 001 день", "1,001 days")]
    public void Days_TakeTheLanguagesPluralForm(long count, string russian, string english)
    {
        new StockText(Ru).Days(count).Should().Be(russian.Replace(' ', '\u00A0').Replace("\u00A0д", " д", StringComparison.Ordinal));
        new StockText(En).Days(count).Should().Be(english);
    }

    [Fact]
    public void Products_Fractions_Numbers_AndDates_FollowTheCulture()
    {
        var ru = new StockText(Ru);
        var en = new StockText(En);

        (ru.Products(1), ru.Products(22), ru.Products(25), en.Products(1), en.Products(22)).Should().Be(("1 товар", "22 товара", "25 товаров", "1 product", "22 products"));
        ru.Count(nameof(ReportTexts.Count_Days), 1.5, 1).Should().Be("1,5 дня", "a fraction takes the genitive singular");
        en.Count(nameof(ReportTexts.Count_Days), 1.5, 1).Should().Be("1.5 days");
        ru.Number(1234.5, 1).Should().Be("1\u00A0234,5", "Russian groups digits with a no-break space and has a decimal comma");
        en.Number(1234.5, 1).Should().Be("1,234.5");
        (ru.Date(new DateOnly(2026, 12, 5)), en.Date(new DateOnly(2026, 12, 5))).Should().Be(("05.12.2026", "12/5/2026"));
        (ru.DaysOfCover(null), ru.DaysOfCover(2.26)).Should().Be(("∞", "2,3"));
        (ru.LastAlert("sent_6", new DateOnly(2026, 12, 5)), en.LastAlert("sent_6", new DateOnly(2026, 12, 5)), ru.LastAlert(null, null)).Should().Be(("мало ×6, 05.12.2026", "sent_6 on 12/5/2026", ""));
        (ru.Status(ProductStatus.AbsoluteNew), ru.Status(null), en.Status(ProductStatus.AbsoluteNew)).Should().Be(("абсолютно новый", "без статуса", "absolute_new"));
        (ru.Alert("SupplyDue"), en.Alert("SupplyDue"), ru.Alert("SomethingNew")).Should().Be(("Пора поставку", "SupplyDue", "SomethingNew"), "a type added without a text shows its wire name");
    }

    [Theory]
    [InlineData("ru-RU", null, null, "ru-RU")]
    [InlineData("en-US", null, "ru_RU.UTF-8", "en-US")]
    [InlineData("en", null, null, "en-US")]
    [InlineData(null, null, "en_US.UTF-8", "en-US")]
    [InlineData(null, "ru_RU.UTF-8", "en_US.UTF-8", "ru-RU")]
    [InlineData(null, null, "en_GB.UTF-8", "en-US")]
    [InlineData(null, null, "C.UTF-8", "ru-RU")]
    [InlineData(null, null, "POSIX", "ru-RU")]
    [InlineData(null, null, "de_DE.UTF-8", "ru-RU")]
    [InlineData(null, "", "", "ru-RU")]
    [InlineData(null, null, null, "ru-RU")]
    public void Culture_IsTheSetting_ThenTheLocale_ThenRussian(string? setting, string? lcAll, string? lang, string expected) =>
        StockText.ChooseCulture(setting, lcAll, null, lang).Name.Should().Be(expected);

    [Fact]
    public async Task Culture_ASettingStockDoesNotSpeak_IsBadInput_NamingIt()
    {
        var (exit, output, error) = await RunAsync(new Dictionary<string, string?> { ["Stock__Culture"] = "de-DE" }, "keys", "list");

        exit.Should().Be(2);
        output.Should().BeEmpty();
        error.TrimEnd().Should().Be("stock: setting Stock:Culture 'de-DE' is not a culture Stock speaks: use ru-RU or en-US.");
    }

    [Fact]
    public void EveryText_IsInBothLanguages_WithTheSamePlaceholders_AndEveryPluralHasItsForms()
    {
        foreach (var resources in new[] { ReportTexts.ResourceManager, Stock.Hosts.Console.Localization.ConsoleTexts.ResourceManager, Stock.Hosts.Demo.Localization.DemoTexts.ResourceManager })
        {
            var english = Texts(resources, CultureInfo.InvariantCulture);
            var russian = Texts(resources, CultureInfo.GetCultureInfo("ru"));

            russian.Keys.Should().BeEquivalentTo(english.Keys, resources.BaseName);
            foreach (var (name, text) in english)
            {
                Placeholders(russian[name]).Should().BeEquivalentTo(Placeholders(text), $"{resources.BaseName}.{name}");
                russian[name].Should().NotBeEmpty($"{resources.BaseName}.{name}");
                if (name.StartsWith("Count_", StringComparison.Ordinal))
                {
                    (text.Split('|').Length, russian[name].Split('|').Length).Should().Be((2, 3), $"{name}: English one|other, Russian one|few|many");
                }
            }
        }

        static Dictionary<string, string> Texts(ResourceManager resources, CultureInfo culture) =>
            resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

        static string[] Placeholders(string text) => [.. PlaceholderPattern().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task RussianPage_HasNoEnglishWordLeft_AndRussianFormats()
    {
        var report = Report();
        var page = await PageAsync(report, Ru);

        var words = VisibleText(page, report);
        var latin = LatinWord().Matches(words).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal).ToList();
        latin.Should().BeSubsetOf(["FBO", "FBS", "Ozon", "WB"], "every word a person reads on the Russian page is Russian, but for the marketplaces' own names: " + words);
        page.Root!.Attribute("lang")!.Value.Should().Be("ru");
        page.Descendants("title").First().Value.Should().Be("ООО Амодекор: остатки на 05.12.2026");
        page.Descendants("header").Single().Element("p")!.Value.Should().Be("Дата 05.12.2026 · 22 товара");
        var first = Cells(page).First();
        first.Should().StartWith(["WB", "211000000", "VC-0", "Кружка 0", "1\u00A0234", "5", "", "новый", "2\u00A0345", "1,5", "07.12.2026", "3\u00A0456", "мало ×6, 04.12.2026"]);
        page.Descendants().Where(e => e.Name.LocalName == "title").Skip(1).First().Value
            .Should().Be("Заказано 60 шт. за 60 дней, без остатка 1 день; Мало остатка 04.12.2026");
        page.Descendants("li").Select(l => l.Value).Should().Contain(["новый: 1", "обычный: 20", "без статуса: 1", "мало ×6: 1"]);
    }

    [Fact]
    public async Task EnglishPage_SpeaksEnglish_InEnglishFormats()
    {
        var report = Report();
        var page = await PageAsync(report, En);

        var words = VisibleText(page, report);
        CyrillicWord().IsMatch(words).Should().BeFalse("the English page has no Russian word of its own: " + words);
        page.Root!.Attribute("lang")!.Value.Should().Be("en");
        page.Descendants("header").Single().Element("p")!.Value.Should().Be("Business date 12/5/2026 · 22 products");
        Cells(page).First().Should().StartWith(["wb", "211000000", "VC-0", "Кружка 0", "1,234", "5", "", "new", "2,345", "1.5", "12/7/2026", "3,456", "sent_6 on 12/4/2026"]);
    }

    [Fact]
    public async Task CheckSummary_AndReportTable_InBothLanguages()
    {
        var environment = await SellerAsync("summary");
        (await RunAsync(environment, "keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token)).Exit.Should().Be(0);

        var russian = await RunAsync(environment, "check", "--legal-entity", Seller, "--Stock:Culture=ru-RU");
        var english = await RunAsync(environment, "relay", "--Stock:Culture=en-US");
        var table = await RunAsync(environment, "report", "--legal-entity", Seller, "--Stock:Culture=ru-RU");
        var englishTable = await RunAsync(environment, "report", "--legal-entity", Seller, "--Stock:Culture=en-US");

        russian.Exit.Should().Be(0, russian.Error);
        var lines = russian.Output.Split('\n');
        lines[0].Should().StartWith($"{Seller}: проверка за ").And.MatchRegex(@"\d\d\.\d\d\.\d{4}$");
        Words(lines[1]).Should().Equal(["Маркетплейс", "Результат", "Товаров", "Мало", "остатка", "FBO", "заканчивается", "Поставка", "на", "FBO", "Мало", "в", "кластере", "Пора", "поставку"]);
        Words(lines.Single(l => l.StartsWith("Итого", StringComparison.Ordinal))).Should().Equal(["Итого", "успешно", "1", "1", "0", "0", "0", "2"]);
        russian.Output.Should().Contain("Оповещения: отправлено 3, повторов отброшено 0");
        english.Output.TrimEnd().Should().Be("relay: 0 published, 0 suppressed as duplicates");
        table.Output.Split('\n')[0].Should().StartWith("МП  Артикул МП  Артикул продавца");
        table.Output.Should().Contain("обычный").And.Contain("мало ×6, ");
        englishTable.Output.Split('\n')[0].Should().StartWith("mp  sku        vendor code");
        englishTable.Output.Should().Contain("ordinary").And.Contain("sent_6 on ");
    }

    [Fact]
    public async Task Demo_SpeaksRussian_ByDefault()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await DemoCli.RunAsync(["--dir", Path.Combine(_dir, "demo")], output, error, new Dictionary<string, string?>(), CancellationToken.None);

        exit.Should().Be(0, error.ToString());
        var text = output.ToString();
        text.Should().Contain("День 1: у хита продаж MUG-RED-300 осталось 5 шт.; токен WB истекает через 10 дней;")
            .And.Contain("День 3: кто-то отозвал токен WB").And.Contain("Товары:")
            .And.Contain("ключ истекает через 10 дней")
            .And.Contain("Новосибирск: осталось 2 шт., продажи 1 в день, запас 2 дн.")
            .And.MatchRegex(@"отгрузить 180 шт\. до \d\d\.\d\d\.\d{4} \(с FBS: 120 шт\.\): FBO 60, FBS 120, в пути 0, продажи 6 в день")
            .And.MatchRegex(@"WB: ошибка: wb (GET|POST) /\S+: Unauthorized \(HTTP 401\)", "the error in it as logged");
        text.Should().NotContain("Day 1").And.NotContain("Products:").And.NotContain("check of").And.NotContain("relay:");
        (await File.ReadAllTextAsync(Path.Combine(_dir, "demo", "report.html"))).Should().Contain("<html lang=\"ru\">").And.Contain("Артикул продавца");
    }

    [Fact]
    public async Task MachineOutput_IsByteIdentical_InBothLanguages_WhateverTheProcessCulture()
    {
        var outputs = new List<string[]>();
        foreach (var culture in new[] { Ru, En })
        {
            var (thread, threadUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture; // as LANG would set it for the process
            try
            {
                var environment = await SellerAsync(culture.Name);
                environment["Stock__Culture"] = culture.Name;
                var set = await RunAsync(environment, "keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token);
                var check = await RunAsync(environment, "check", "--legal-entity", Seller);
                var json = await RunAsync(environment, "report", "--legal-entity", Seller, "--format", "json");
                var csv = await RunAsync(environment, "report", "--legal-entity", Seller, "--format", "csv");
                var unknown = await RunAsync(environment, "report", "--legal-entity", "ООО Нет Такого");
                var badMarketplace = await RunAsync(environment, "check", "--legal-entity", Seller, "--marketplace", "ym");
                var badOption = await RunAsync(environment, "report", "--legal-entity", Seller, "--format", "xml");
                var events = File.ReadAllLines(environment["Stock__Events__File"]!).Select(l =>
                {
                    using var line = JsonDocument.Parse(l);
                    return FaultWorld.Normalize(line.RootElement.GetProperty("topic").GetString()!, line.RootElement.GetProperty("data").GetRawText());
                }).Order(StringComparer.Ordinal);
                outputs.Add([
                    $"exits {set.Exit} {check.Exit} {json.Exit} {csv.Exit} {unknown.Exit} {badMarketplace.Exit} {badOption.Exit}",
                    check.Error, json.Output, csv.Output, unknown.Error, badMarketplace.Error, badOption.Error, .. events,
                ]);
            }
            finally
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (thread, threadUi);
            }
        }

        outputs[0][0].Should().Be("exits 0 0 0 0 2 2 2");
        outputs[0].Length.Should().BeGreaterThan(7, "the check raised events");
        outputs[0][2].Should().Contain("\"days_of_cover\": 2.5", "JSON numbers are invariant");
        for (var i = 0; i < outputs[0].Length; i++)
        {
            outputs[1][i].Should().Be(outputs[0][i], $"output {i}");
        }

        outputs[1].Should().Equal(outputs[0], "JSON, CSV, event payloads, exit codes and errors do not change with the language");
    }

    private async Task<Dictionary<string, string?>> SellerAsync(string name)
    {
        var simulation = await SimulatedMarketplaces.StartAsync();
        _simulations.Add(simulation);
        var seller = simulation.AddSeller(Seller, Token, "123456", "ozon-l10n-key");
        seller.AddWbProduct(211111111, "MUG-RED-300", "Кружка керамическая 300 мл", fbo: 3, fbs: 2, DateTimeOffset.UtcNow.AddDays(-100));
        for (var day = 60; day >= 1; day--)
        {
            seller.AddWbOrders(211111111, simulation.Today.AddDays(-day).ToDateTime(new TimeOnly(12, 0)), 2);
        }

        var dir = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
        return new Dictionary<string, string?>(simulation.ConfigurationValues())
        {
            ["ConnectionStrings__Stock"] = $"Data Source={Path.Combine(dir, "stock.db")}",
            ["Stock__Events__File"] = Path.Combine(dir, "events.jsonl"),
        };
    }

    // 22 products: the first with the values every format shows, one new, one not classified yet, the rest ordinary.
    private static StockReport Report()
    {
        var today = new DateOnly(2026, 12, 5);
        var days = Enumerable.Range(0, StockReport.ChartDays).Select(i => new StockReportDay(today.AddDays(i - StockReport.ChartDays + 1), 1, i != 10, 20)).ToArray();
        var lines = Enumerable.Range(0, 22).Select(i => new StockReportLine(
            Marketplace.Wildberries, (211_000_000 + i).ToString(CultureInfo.InvariantCulture), $"VC-{i}", $"Кружка {i}", $"https://www.wildberries.ru/catalog/{211_000_000 + i}/detail.aspx",
            i == 0 ? 1234 : 10, 5, i switch { 0 => ProductStatus.New, 1 => null, _ => ProductStatus.Ordinary }, i == 0 ? 2345 : 30, i == 0 ? 1.5 : 20 + i,
            i == 0 ? 3456 : 0, i == 0 ? "sent_6" : null, null, days, i == 0 ? [new StockReportAlert(today.AddDays(-1), "LowOnStock")] : [])
        {
            AlertedOn = i == 0 ? today.AddDays(-1) : null,
            ShipBy = today.AddDays(2 + i),
            InTransit = 0,
        }).ToArray();
        return new StockReport(Seller, today, lines);
    }

    private static async Task<XDocument> PageAsync(StockReport report, CultureInfo culture)
    {
        using var writer = new StringWriter();
        await StockReportPage.WriteAsync(report, writer, culture);
        return XDocument.Parse(writer.ToString());
    }

    // What a person reads: every text node but the style sheet, the page's and charts' titles (tooltips) included;
    // without the seller's own data (its name, skus, articles, product names), which are what they are in any language.
    private static string VisibleText(XDocument page, StockReport report)
    {
        var text = string.Join(" | ", page.DescendantNodes().OfType<XText>().Where(t => t.Parent?.Name.LocalName != "style").Select(t => t.Value));
        foreach (var data in report.Lines.SelectMany(l => new[] { l.Name, l.VendorCode, l.Sku }).Append(report.LegalEntity).OrderByDescending(d => d.Length))
        {
            text = text.Replace(data, " ", StringComparison.Ordinal);
        }

        return text;
    }

    private static IEnumerable<List<string>> Cells(XDocument page) =>
        page.Descendants("div").Where(d => (string?)d.Attribute("role") == "row" && d.Attribute("data-sku") is not null)
            .Select(r => r.Elements("div").Select(c => c.Value).ToList());

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(w => !w.All(c => c == '-')).ToArray();

    private static async Task<(int Exit, string Output, string Error)> RunAsync(Dictionary<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await StockCli.RunAsync(args, output, error, environment, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"[A-Za-z]+")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"\p{IsCyrillic}")]
    private static partial Regex CyrillicWord();
}

using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Stock.Application.Ports;
using Stock.Domain.Products;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure.Marketplaces;

/// <summary>The adapters fed the reference examples of sections 1.8 and 2.8, parsed into what the check needs.</summary>
public sealed class ContractTests
{
    private const string WbToken = "wb-contract-token-0001";
    private static readonly MarketplaceKey Wb = MarketplaceKey.Wildberries(WbToken);
    private static readonly MarketplaceKey Ozon = MarketplaceKey.Ozon("123456", "00000000-0000-0000-0000-000000000000");

    [Fact]
    public async Task WbCards_BecomeProductsWithTheirSizes_SentWithBearerAndCursorRequest()
    {
        var handler = new FixtureHandler().AnswerFile("POST wb-content/content/v2/get/cards/list", "wb-cards.json");
        await using var host = new AdapterHost(AdapterHost.StubHosts, handler);

        var products = await host.Wb.GetProductsAsync(Wb, default);

        products.Select(p => (p.Sku.Id, p.Sku.VendorCode, p.Name, string.Join(",", p.StockUnitIds))).Should().Equal(
            ("211111111", "MUG-RED-300", "Кружка керамическая 300 мл", "330000001"),
            ("211111112", "TSHIRT-BLK", "Футболка хлопковая", "330000011,330000012"));
        var sent = handler.Sent.Single();
        sent.Headers["Authorization"].Should().Be("Bearer " + WbToken);
        JsonDocument.Parse(sent.Body!).RootElement.GetProperty("settings").GetProperty("cursor").GetProperty("limit").GetInt32().Should().Be(100);
    }

    [Fact]
    public async Task WbFboReport_SumsQuantityPerNmId()
    {
        var handler = new FixtureHandler()
            .AnswerFile("POST wb-analytics/api/analytics/v1/stocks-report/wb-warehouses", "wb-fbo.json")
            .AnswerFile("POST wb-supplies/api/v1/supplies", "wb-supplies.json")
            .AnswerFile("GET wb-supplies/api/v1/supplies/26596368/goods", "wb-supply-goods.json")
            .AnswerFile("GET wb-supplies/api/v1/supplies/34597755/goods", "wb-preorder-goods.json");
        await using var host = new AdapterHost(AdapterHost.StubHosts, handler);

        var stock = await host.Wb.GetFboStockAsync(Wb, [], default);

        stock.Units.Should().BeEquivalentTo(new Dictionary<string, int> { ["211111111"] = 43, ["211111112"] = 7 });
        stock.InTransit.Should().BeEquivalentTo(new Dictionary<string, int> { ["211111111"] = 40 + 3, ["211111112"] = 5 }, "quantity less accepted of the supplies not yet accepted");
        var sent = handler.Sent.ToArray();
        sent[1].Body.Should().Be("{\"statusIDs\":[2,3,4,6]}", "planned, shipment allowed, being accepted, unloaded at the gate");
        sent[1].Uri.Should().EndWith("/api/v1/supplies?limit=1000&offset=0");
        sent.Select(s => s.Uri).Should().Contain(u => u.EndsWith("/api/v1/supplies/34597755/goods?limit=1000&offset=0&isPreorderID=true", StringComparison.Ordinal), "an order without a supply id is asked by its preorderID");
    }

    [Fact]
    public async Task WbInTransit_WithATokenThatMayNotReadSupplies_IsNone_AndTheStockStillCounts()
    {
        var handler = new FixtureHandler()
            .AnswerFile("POST wb-analytics/api/analytics/v1/stocks-report/wb-warehouses", "wb-fbo.json")
            .Answer("POST wb-supplies/api/v1/supplies", "{\"title\":\"unauthorized\",\"detail\":\"token scope not allowed\"}", System.Net.HttpStatusCode.Unauthorized);
        await using var host = new AdapterHost(AdapterHost.StubHosts, handler);

        var stock = await host.Wb.GetFboStockAsync(Wb, [], default);

        stock.Units.Should().HaveCount(2);
        stock.InTransit.Should().BeEmpty();
    }

    [Fact]
    public async Task WbFbsStock_SumsAmountPerNmIdOverSizes_AskingByChrtId()
    {
        var handler = new FixtureHandler()
            .AnswerFile("POST wb-content/content/v2/get/cards/list", "wb-cards.json")
            .AnswerFile("GET wb-marketplace/api/v3/warehouses", "wb-warehouses.json")
            .AnswerFile("POST wb-marketplace/api/v3/stocks/1234567", "wb-fbs.json");
        await using var host = new AdapterHost(AdapterHost.StubHosts, handler);
        var products = await host.Wb.GetProductsAsync(Wb, default);

        var stock = await host.Wb.GetFbsStockAsync(Wb, products, default);

        stock.Should().BeEquivalentTo(new Dictionary<string, int> { ["211111111"] = 12, ["211111112"] = 3 });
        handler.Sent.Last().Body.Should().Be("{\"chrtIds\":[330000001,330000011,330000012]}");
    }

    [Fact]
    public async Task WbOrders_CountRowsPerNmIdAndMoscowDate_LeavingOutCancelled()
    {
        var handler = new FixtureHandler()
            .AnswerFile("GET wb-statistics/api/v1/supplier/orders", "wb-orders.json")
            .Answer("GET wb-statistics/api/v1/supplier/orders", "[]");
        await using var host = new AdapterHost(AdapterHost.StubHosts, handler);

        var orders = await host.Wb.GetDailyOrdersAsync(Wb, new DateOnly(2026, 9, 25), default);

        orders.Should().Equal(new DailyOrders("211111111", new DateOnly(2026, 9, 25), 1));
        handler.Sent.Select(s => s.Uri).Should().Equal(
            "http://wb-statistics.test/api/v1/supplier/orders?dateFrom=2026-09-25&flag=0",
            "http://wb-statistics.test/api/v1/supplier/orders?dateFrom=2026-09-25T18%3A30%3A00&flag=0");
    }

    [Fact]
    public async Task OzonProducts_ListThenInfo_GiveSkuOfferIdNameAndWhetherTheListSaysTheyHoldFboStock_WithIdsAsStrings()
    {
        var handler = new FixtureHandler()
            .AnswerFile("POST ozon/v3/product/list", "ozon-product-list.json")
            .AnswerFile("POST ozon/v3/product/info/list", "ozon-product-info.json");
        await using var host = new AdapterHost(AdapterHost.StubHosts, handler);

        var products = await host.Ozon.GetProductsAsync(Ozon, default);

        products.Select(p => (p.Sku.Id, p.Sku.VendorCode, p.Name, p.HasFboStock)).Should().Equal(
            ("1700000001", "MUG-RED-300", "Кружка керамическая 300 мл", true),
            ("1700000002", "TSHIRT-BLK-M", "Футболка хлопковая M", false));
        var sent = handler.Sent.ToArray();
        sent[0].Headers["Client-Id"].Should().Be("123456");
        sent[0].Headers["Api-Key"].Should().Be("00000000-0000-0000-0000-000000000000");
        JsonEqual(sent[0].Body!, Fixture("ozon-product-list-request.json"));
        JsonEqual(sent[1].Body!, Fixture("ozon-product-info-request.json"));
    }

    [Fact]
    public async Task OzonFbo_SumsAvailableStockPerSkuAndPerCluster_MissingRowsAreZero()
    {
        var handler = new FixtureHandler().AnswerFile("POST ozon/v1/analytics/stocks", "ozon-fbo.json");
        await using var host = new AdapterHost(AdapterHost.StubHosts, handler);

        var stock = await host.Ozon.GetFboStockAsync(Ozon, OzonProducts(), default);

        stock.Units.Should().BeEquivalentTo(new Dictionary<string, int> { ["1700000001"] = 30 }, "25 + 5 available in two warehouses; transit and returns are not for sale");
        stock.InTransit.Should().BeEquivalentTo(new Dictionary<string, int> { ["1700000001"] = 14 }, "10 in transit and 4 requested");
        stock.Clusters.Should().ContainSingle().Which.Value.Should().BeEquivalentTo(
            [new ClusterStock(4007, "Москва, МО и Дальние регионы", 30, 1.2m), new ClusterStock(4039, "Новосибирск", 0, 0.6m)],
            "one entry per cluster: its warehouses' available stock summed, ads_cluster once");
        JsonEqual(handler.Sent.Single().Body!, Fixture("ozon-fbo-request.json"));
    }

    [Fact]
    public async Task OzonFbs_IsPresentMinusReservedOfFbsRows()
    {
        var handler = new FixtureHandler().AnswerFile("POST ozon/v4/product/info/stocks", "ozon-fbs.json");
        await using var host = new AdapterHost(AdapterHost.StubHosts, handler);

        var stock = await host.Ozon.GetFbsStockAsync(Ozon, OzonProducts(), default);

        stock.Should().BeEquivalentTo(new Dictionary<string, int> { ["1700000001"] = 11, ["1700000002"] = 3 });
        JsonEqual(handler.Sent.Single().Body!, Fixture("ozon-fbs-request.json"));
    }

    [Fact]
    public async Task OzonAnalytics_GiveOrderedUnitsPerSkuAndDay()
    {
        var handler = new FixtureHandler().AnswerFile("POST ozon/v1/analytics/data", "ozon-analytics.json");
        await using var host = new AdapterHost(o => { AdapterHost.StubHosts(o); o.Ozon.SalesSource = Stock.Infrastructure.Marketplaces.OzonSalesSource.Analytics; }, handler);

        var orders = await host.Ozon.GetDailyOrdersAsync(Ozon, new DateOnly(2026, 9, 24), default);

        orders.Should().BeEquivalentTo(new[]
        {
            new DailyOrders("1700000001", new DateOnly(2026, 9, 24), 4),
            new DailyOrders("1700000001", new DateOnly(2026, 9, 25), 2),
            new DailyOrders("1700000002", new DateOnly(2026, 9, 25), 1),
        });
        var request = JsonDocument.Parse(handler.Sent.Single().Body!).RootElement;
        request.GetProperty("dimension").EnumerateArray().Select(d => d.GetString()).Should().Equal("sku", "day");
        request.GetProperty("metrics").EnumerateArray().Select(d => d.GetString()).Should().Equal("ordered_units");
        request.GetProperty("date_from").GetString().Should().Be("2026-09-24");
    }

    [Fact]
    public async Task OzonPostings_OfBothLists_GiveUnitsPerSkuAndMoscowDateOfInProcessAt()
    {
        var handler = new FixtureHandler()
            .AnswerFile("POST ozon/v3/posting/fbo/list", "ozon-postings-fbo.json")
            .AnswerFile("POST ozon/v4/posting/fbs/list", "ozon-postings-fbs.json");
        // One business day: one part per list.
        await using var host = new AdapterHost(AdapterHost.StubHosts, handler, new FakeTimeProvider(new DateTimeOffset(2026, 9, 25, 12, 0, 0, TimeSpan.Zero)));

        var orders = await host.Ozon.GetDailyOrdersAsync(Ozon, new DateOnly(2026, 9, 25), default);

        orders.Should().BeEquivalentTo(new[]
        {
            new DailyOrders("1700000001", new DateOnly(2026, 9, 25), 2), // 07:13 UTC is 10:13 in Moscow
            new DailyOrders("1700000002", new DateOnly(2026, 9, 25), 1),
        });
        var sent = handler.Sent.ToArray();
        var request = JsonDocument.Parse(sent[0].Body!).RootElement;
        request.GetProperty("filter").GetProperty("since").GetString().Should().Be("2026-09-24T21:00:00Z", "the business date starts at Moscow midnight");
        request.GetProperty("limit").GetInt32().Should().Be(100);
        sent.Select(s => s.Key).Should().BeEquivalentTo(["POST ozon/v3/posting/fbo/list", "POST ozon/v4/posting/fbs/list"], "the two lists are read side by side");
    }

    [Theory]
    [InlineData("fbs:", new[] { "POST ozon/v4/posting/fbs/list" })] // stored by the version that read FBO first: FBO was done
    [InlineData("fbo:done;fbs:", new[] { "POST ozon/v4/posting/fbs/list" })]
    [InlineData("fbo:;fbs:done", new[] { "POST ozon/v3/posting/fbo/list" })]
    [InlineData("fbo:done;fbs:done", new string[0])]
    public async Task OzonPostings_ResumeEachListWhereTheCursorSaysItStands(string after, string[] lists)
    {
        var handler = new FixtureHandler()
            .AnswerFile("POST ozon/v3/posting/fbo/list", "ozon-postings-fbo.json")
            .AnswerFile("POST ozon/v4/posting/fbs/list", "ozon-postings-fbs.json");
        await using var host = new AdapterHost(AdapterHost.StubHosts, handler);

        var pages = new List<OrdersPage>();
        await foreach (var page in host.Ozon.ReadDailyOrdersAsync(Ozon, new DateOnly(2026, 9, 25), after, default))
        {
            pages.Add(page);
        }

        handler.Sent.Select(s => s.Key).Should().BeEquivalentTo(lists);
        if (lists.Length > 0)
        {
            pages[^1].Cursor.Should().Be("fbo:done;fbs:done", "both lists are read to their end");
        }
    }

    [Fact]
    public async Task OzonPostings_OfSeveralDays_AreReadInSlicesOfWholeBusinessDays_EachPartByItsOwnCursor()
    {
        const string empty = """{"cursor":"","has_next":false,"postings":[]}""";
        var handler = new FixtureHandler()
            .AnswerFile("POST ozon/v3/posting/fbo/list", "ozon-postings-fbo.json")
            .AnswerFile("POST ozon/v4/posting/fbs/list", "ozon-postings-fbs.json");
        for (var i = 0; i < 4; i++)
        {
            handler.Answer("POST ozon/v3/posting/fbo/list", empty).Answer("POST ozon/v4/posting/fbs/list", empty);
        }

        // Ten business days (16 to 25 September): at most eight slices, so five of two days.
        await using var host = new AdapterHost(AdapterHost.StubHosts, handler, new FakeTimeProvider(new DateTimeOffset(2026, 9, 25, 12, 0, 0, TimeSpan.Zero)));

        var pages = new List<OrdersPage>();
        await foreach (var page in host.Ozon.ReadDailyOrdersAsync(Ozon, new DateOnly(2026, 9, 16), after: null, default))
        {
            pages.Add(page);
        }

        pages.SelectMany(p => p.Units).Should().BeEquivalentTo(new[]
        {
            new DailyOrders("1700000001", new DateOnly(2026, 9, 25), 2),
            new DailyOrders("1700000002", new DateOnly(2026, 9, 25), 1),
        });
        var windows = handler.Sent.Where(s => s.Key == "POST ozon/v3/posting/fbo/list")
            .Select(s => JsonDocument.Parse(s.Body!).RootElement.GetProperty("filter"))
            .Select(f => $"{f.GetProperty("since").GetString()} {f.GetProperty("to").GetString()}")
            .Order(StringComparer.Ordinal);
        windows.Should().Equal(
            "2026-09-15T21:00:00Z 2026-09-17T21:00:00Z",
            "2026-09-17T21:00:00Z 2026-09-19T21:00:00Z",
            "2026-09-19T21:00:00Z 2026-09-21T21:00:00Z",
            "2026-09-21T21:00:00Z 2026-09-23T21:00:00Z",
            "2026-09-23T21:00:00Z 2026-09-25T12:01:00Z");
        handler.Sent.Count(s => s.Key == "POST ozon/v4/posting/fbs/list").Should().Be(5);
        pages[^1].Cursor.Should().Be(
            "2|fbo.0:done;fbo.1:done;fbo.2:done;fbo.3:done;fbo.4:done;fbs.0:done;fbs.1:done;fbs.2:done;fbs.3:done;fbs.4:done",
            "the cursor keeps the slice length, so that a resumed sync cuts the window the same way");
    }

    [Fact]
    public async Task OzonPostings_ASlicedSyncResumed_ReadsOnlyThePartsNotDone_FromTheirOwnWindow()
    {
        var handler = new FixtureHandler().AnswerFile("POST ozon/v4/posting/fbs/list", "ozon-postings-fbs.json");
        // Resumed a day later: the window has grown by a day, the slices stay two days long.
        await using var host = new AdapterHost(AdapterHost.StubHosts, handler, new FakeTimeProvider(new DateTimeOffset(2026, 9, 26, 12, 0, 0, TimeSpan.Zero)));
        const string after = "2|fbo.0:done;fbo.1:done;fbo.2:done;fbo.3:done;fbo.4:done;fbo.5:done;fbs.0:done;fbs.1:done;fbs.2:done;fbs.3:done;fbs.5:done";

        var pages = new List<OrdersPage>();
        await foreach (var page in host.Ozon.ReadDailyOrdersAsync(Ozon, new DateOnly(2026, 9, 16), after, default))
        {
            pages.Add(page);
        }

        var sent = handler.Sent.Should().ContainSingle().Subject;
        sent.Key.Should().Be("POST ozon/v4/posting/fbs/list");
        var filter = JsonDocument.Parse(sent.Body!).RootElement.GetProperty("filter");
        filter.GetProperty("since").GetString().Should().Be("2026-09-23T21:00:00Z");
        filter.GetProperty("to").GetString().Should().Be("2026-09-25T21:00:00Z", "the fifth slice ends where the sixth begins");
        pages[^1].Cursor.Should().EndWith("fbs.4:done;fbs.5:done");
    }

    [Theory]
    [InlineData("x|fbo.0:done")]
    [InlineData("0|fbo.0:done")]
    public async Task OzonPostings_AStoredCursorThatCannotBeRead_StopsTheSync_RatherThanCountingItsPagesAgain(string after)
    {
        var handler = new FixtureHandler();
        await using var host = new AdapterHost(AdapterHost.StubHosts, handler, new FakeTimeProvider(new DateTimeOffset(2026, 9, 25, 12, 0, 0, TimeSpan.Zero)));

        var reading = async () =>
        {
            await foreach (var _ in host.Ozon.ReadDailyOrdersAsync(Ozon, new DateOnly(2026, 9, 16), after, default))
            {
            }
        };

        (await reading.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("not with a slice length");
        handler.Sent.Should().BeEmpty();
    }

    private static IReadOnlyList<MarketplaceProduct> OzonProducts() =>
    [
        new(Stock.Domain.Products.Sku.From(Stock.Domain.Marketplace.Ozon, 1700000001, "MUG-RED-300"), "Кружка", []),
        new(Stock.Domain.Products.Sku.From(Stock.Domain.Marketplace.Ozon, 1700000002, "TSHIRT-BLK-M"), "Футболка", []),
    ];

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Marketplaces", name));

    private static void JsonEqual(string actual, string expected) =>
        JsonSerializer.Serialize(JsonDocument.Parse(actual).RootElement).Should().Be(JsonSerializer.Serialize(JsonDocument.Parse(expected).RootElement));
}

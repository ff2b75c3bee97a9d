using System.Diagnostics;
using Stock.Application.Ports;
using Stock.Simulation;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure.Marketplaces;

/// <summary>The real adapters against the simulated marketplaces over loopback HTTP: paging, limits, faults, secrets.</summary>
public sealed class SimulatedMarketplaceTests : IAsyncLifetime
{
    private const string WbToken = "wb-sim-token-SECRET-777";
    private const string OzonKey = "ozon-sim-key-SECRET-888";
    private static readonly MarketplaceKey Wb = MarketplaceKey.Wildberries(WbToken);
    private static readonly MarketplaceKey Ozon = MarketplaceKey.Ozon("123456", OzonKey);

    private SimulatedMarketplaces _sim = null!;
    private SimulatedSeller _seller = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatedMarketplaces.StartAsync();
        _seller = _sim.AddSeller("ООО Амодекор", WbToken, "123456", OzonKey);
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public void ConfigurationValues_LiftEveryClientRateLimitBucketTheAdaptersHave() =>
        SimulatedMarketplaces.ClientRateLimitBuckets.Should().BeEquivalentTo(
            AdapterLimits.Documented.Keys,
            "a bucket the simulation does not lift would slow every test to the documented limits");

    [Fact]
    public void TheSimulationsDocumentedLimits_AreTheAdapters() =>
        SimulatedMarketplaces.DocumentedLimits.ToDictionary(l => l.Key, l => (l.Value.Limit, l.Value.Period, l.Value.Burst)).Should().BeEquivalentTo(
            AdapterLimits.Documented.ToDictionary(l => l.Key, l => (l.Value.Limit, l.Value.Period, l.Value.Burst)));

    [Fact]
    public async Task EnforcedLimits_CatchAClientThatIgnoresThem_WithTheMarketplacesOwn429()
    {
        _sim.EnforceDocumentedLimits = true;
        _seller.Generate(seed: 5, wbProducts: 0, ozonProducts: 250, _sim.Today, historyDays: 1);
        await using var host = new AdapterHost(o =>
        {
            _sim.Configure(o);
            o.MaxRetries = 0;
            foreach (var bucket in AdapterLimits.Documented.Keys)
            {
                o.RateLimits[bucket] = Stock.Infrastructure.Marketplaces.RateLimit.Of(1000, TimeSpan.FromSeconds(1), 1000);
            }
        });
        var products = await host.Ozon.GetProductsAsync(Ozon, default);

        var failure = await FluentActions.Awaiting(() => host.Ozon.GetFboStockAsync(Ozon, products, default)).Should().ThrowAsync<MarketplaceException>();

        failure.Which.Failure.Should().Be(MarketplaceFailure.RateLimited, "three /v1/analytics/stocks calls at once break its one a second");
        var statuses = _sim.Requests.Where(r => r.Path == "/v1/analytics/stocks").Select(r => r.Status).ToList();
        // 499: a call still under way when the first 429 failed the batch, which the client then cancelled (as it must).
        statuses.Should().Contain(429, "calls at once break its one a second").And.OnlyContain(s => s == 200 || s == 429 || s == 499);
    }

    [Fact]
    public async Task WbPaging_EveryPagedEndpoint_TakesTheFewestRequestsThePageSizesAllow()
    {
        _seller.Generate(seed: 7, wbProducts: 250, ozonProducts: 0, _sim.Today);
        _sim.WbOrdersPageSize = 500;
        await using var host = new AdapterHost(o => { _sim.Configure(o); o.WildberriesStockPageSize = 100; });

        var products = await host.Wb.GetProductsAsync(Wb, default);
        var fbo = (await host.Wb.GetFboStockAsync(Wb, products, default)).Units;
        var fbs = await host.Wb.GetFbsStockAsync(Wb, products, default);
        var orders = await host.Wb.GetDailyOrdersAsync(Wb, _sim.Today.AddDays(-60), default);

        products.Should().HaveCount(250).And.OnlyHaveUniqueItems(p => p.Sku.Id);
        _sim.CountRequests("/content/v2/get/cards/list").Should().Be(3, "100 + 100 + 50, stopping when total < limit");
        _sim.CountRequests("/stocks-report/wb-warehouses").Should().Be(3, "100 + 100 + 50 rows, stopping at a short page");
        _sim.CountRequests("/api/v3/warehouses").Should().Be(1);
        _sim.CountRequests("/api/v3/stocks/").Should().Be(1, "250 chrtIds fit one call of at most 1000");
        fbo.Values.Sum().Should().Be(_seller.WbProducts.Count == 250 ? SimulatedTotals.WbFbo(_seller) : -1);
        fbs.Values.Sum().Should().Be(SimulatedTotals.WbFbs(_seller));

        var expected = SimulatedTotals.WbOrders(_seller, _sim.Today.AddDays(-60));
        orders.Sum(o => o.Quantity).Should().Be(expected.Units).And.BeGreaterThan(1000);
        var pages = _sim.CountRequests("/supplier/orders");
        pages.Should().BeInRange((expected.Rows / 500) + 1, (expected.Rows / 499) + 2, "each page overlaps the last row of the one before, and one more call finds nothing new");
    }

    [Fact]
    public async Task OzonPaging_EveryPagedEndpoint_TakesTheFewestRequestsThePageSizesAllow()
    {
        _seller.Generate(seed: 11, wbProducts: 0, ozonProducts: 2500, _sim.Today, historyDays: 20);
        await using var host = new AdapterHost(o => { _sim.Configure(o); o.Ozon.SalesSource = Stock.Infrastructure.Marketplaces.OzonSalesSource.Analytics; });

        var products = await host.Ozon.GetProductsAsync(Ozon, default);
        var fbo = (await host.Ozon.GetFboStockAsync(Ozon, products, default)).Units;
        var fbs = await host.Ozon.GetFbsStockAsync(Ozon, products, default);
        var orders = await host.Ozon.GetDailyOrdersAsync(Ozon, _sim.Today.AddDays(-20), default);

        products.Should().HaveCount(2500);
        _sim.CountRequests("/v3/product/list").Should().Be(3, "1000 + 1000 + 500 by last_id");
        _sim.CountRequests("/v3/product/info/list").Should().Be(3, "at most 1000 ids a call");
        _sim.CountRequests("/v1/analytics/stocks").Should().Be(25, "at most 100 skus a call");
        _sim.CountRequests("/v4/product/info/stocks").Should().Be(3, "1000 + 1000 + 500 by cursor");
        fbo.Values.Sum().Should().Be(SimulatedTotals.OzonFbo(_seller));
        fbs.Values.Sum().Should().Be(SimulatedTotals.OzonFbs(_seller));
        products.Should().OnlyContain(p => p.HasFboStock == (fbo.GetValueOrDefault(p.Sku.Id) > 0), "the list says which cards hold FBO stock")
            .And.Contain(p => p.HasFboStock == false);

        var rows = SimulatedTotals.OzonOrderRows(_seller, _sim.Today.AddDays(-20));
        orders.Sum(o => o.Quantity).Should().Be(SimulatedTotals.OzonOrderUnits(_seller, _sim.Today.AddDays(-20)));
        _sim.CountRequests("/v1/analytics/data").Should().Be((rows / 1000) + 1, "pages of 1000 rows until a short one");
    }

    [Fact]
    public async Task WbRateLimited_WaitsWhatXRatelimitRetrySays_ThenSucceeds()
    {
        _seller.AddWbProduct(211111111, "MUG-RED-300", "Кружка", 3, 2, DateTimeOffset.UtcNow);
        _sim.AddFault("/content/v2/get/cards/list", SimulatedFault.RateLimited, retryAfterSeconds: 2);
        await using var host = new AdapterHost(_sim.Configure);
        var clock = Stopwatch.StartNew();

        var products = await host.Wb.GetProductsAsync(Wb, default);

        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9));
        products.Should().ContainSingle();
        _sim.Requests.Select(r => r.Status).Should().Equal(429, 200);
    }

    [Fact]
    public async Task OzonRateLimited_WaitsRetryAfter_ThenSucceeds()
    {
        _seller.AddOzonProduct(900000001, "MUG", 1700000001, "Кружка", 5, 1);
        _sim.AddFault("/v1/analytics/stocks", SimulatedFault.RateLimited, retryAfterSeconds: 1);
        await using var host = new AdapterHost(_sim.Configure);
        var clock = Stopwatch.StartNew();

        var stock = (await host.Ozon.GetFboStockAsync(Ozon, await host.Ozon.GetProductsAsync(Ozon, default), default)).Units;

        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9));
        stock["1700000001"].Should().Be(5);
    }

    [Fact]
    public async Task WbUnauthorized_FailsAtOnce_WithOneRequest_AndATypedErrorWithoutTheToken()
    {
        await using var host = new AdapterHost(_sim.Configure);
        var wrong = MarketplaceKey.Wildberries("wrong-token-SECRET-999");

        var failure = (await FluentActions.Awaiting(() => host.Wb.GetProductsAsync(wrong, default)).Should().ThrowAsync<MarketplaceException>()).Which;

        failure.Failure.Should().Be(MarketplaceFailure.Unauthorized);
        failure.StatusCode.Should().Be(401);
        failure.Message.Should().StartWith("wb POST /content/v2/get/cards/list: Unauthorized (HTTP 401): unauthorized: token problem");
        _sim.Requests.Should().ContainSingle();
        _sim.Requests[0].Headers["Authorization"].Should().Be("Bearer wrong-token-SECRET-999");
        AssertNoSecret(host, failure, "wrong-token-SECRET-999");
    }

    [Fact]
    public async Task OzonInvalidApiKey_Is404_FailsAtOnceAsUnauthorized_WithOneRequest()
    {
        await using var host = new AdapterHost(_sim.Configure);
        var wrong = MarketplaceKey.Ozon("123456", "wrong-ozon-SECRET-key");

        var failure = (await FluentActions.Awaiting(() => host.Ozon.GetProductsAsync(wrong, default)).Should().ThrowAsync<MarketplaceException>()).Which;

        failure.Failure.Should().Be(MarketplaceFailure.Unauthorized);
        failure.Message.Should().Be("ozon POST /v3/product/list: Unauthorized (HTTP 404): Invalid Api-Key, please check the key and try again");
        _sim.Requests.Should().ContainSingle();
        AssertNoSecret(host, failure, "wrong-ozon-SECRET-key");
    }

    [Fact]
    public async Task ServerErrors_AreRetriedWithBackoff_ThenSucceed()
    {
        _seller.AddOzonProduct(900000001, "MUG", 1700000001, "Кружка", 5, 1);
        _sim.AddFault("/v3/product/list", SimulatedFault.ServerError, times: 2);
        await using var host = new AdapterHost(_sim.Configure);

        (await host.Ozon.GetProductsAsync(Ozon, default)).Should().ContainSingle();

        _sim.Requests.Where(r => r.Path == "/v3/product/list").Select(r => r.Status).Should().Equal(500, 500, 200);
    }

    [Fact]
    public async Task ServerErrorsBeyondTheRetries_FailAsUnavailable()
    {
        _sim.AddFault("/content/v2/get/cards/list", SimulatedFault.ServerError, times: 10);
        await using var host = new AdapterHost(o => { _sim.Configure(o); o.MaxRetries = 2; });

        var failure = (await FluentActions.Awaiting(() => host.Wb.GetProductsAsync(Wb, default)).Should().ThrowAsync<MarketplaceException>()).Which;

        failure.Failure.Should().Be(MarketplaceFailure.Unavailable);
        failure.StatusCode.Should().Be(500);
        _sim.Requests.Should().HaveCount(3);
        AssertNoSecret(host, failure, WbToken);
    }

    [Theory]
    [InlineData(SimulatedFault.MalformedJson)]
    [InlineData(SimulatedFault.TruncatedJson)]
    public async Task MalformedAnswers_FailClearly_WithoutRetry(SimulatedFault fault)
    {
        _sim.AddFault("/content/v2/get/cards/list", fault);
        await using var host = new AdapterHost(_sim.Configure);

        var failure = (await FluentActions.Awaiting(() => host.Wb.GetProductsAsync(Wb, default)).Should().ThrowAsync<MarketplaceException>()).Which;

        failure.Failure.Should().Be(MarketplaceFailure.MalformedResponse);
        failure.Message.Should().StartWith("wb POST /content/v2/get/cards/list: MalformedResponse (HTTP 200): malformed JSON:");
        _sim.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task SlowAnswer_BeyondTheAttemptTimeout_IsRetried()
    {
        _seller.AddOzonProduct(900000001, "MUG", 1700000001, "Кружка", 5, 1);
        _sim.AddFault("/v3/product/list", SimulatedFault.Slow, delay: TimeSpan.FromSeconds(3));
        await using var host = new AdapterHost(o => { _sim.Configure(o); o.AttemptTimeout = TimeSpan.FromMilliseconds(500); });

        (await host.Ozon.GetProductsAsync(Ozon, default)).Should().ContainSingle();
        _sim.CountRequests("/v3/product/list").Should().Be(2, "the slow attempt timed out and one retry succeeded");
    }

    [Fact]
    public async Task ClientSideRateLimit_SpacesCallsOfOneBucket()
    {
        _seller.Generate(seed: 3, wbProducts: 0, ozonProducts: 300, _sim.Today, historyDays: 1);
        await using var host = new AdapterHost(o =>
        {
            _sim.Configure(o);
            o.RateLimits["ozon.fbo"] = Stock.Infrastructure.Marketplaces.RateLimit.Of(4, TimeSpan.FromSeconds(1), 1);
        });
        var products = await host.Ozon.GetProductsAsync(Ozon, default);
        var clock = Stopwatch.StartNew();

        await host.Ozon.GetFboStockAsync(Ozon, products, default);

        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(450), "3 calls at 4 per second with a burst of 1 wait two intervals");
        _sim.Requests.Where(r => r.Path == "/v1/analytics/stocks").Should().OnlyContain(r => r.Status == 200);
    }

    [Theory]
    [InlineData("wb")]
    [InlineData("ozon")]
    public async Task ErrorBodyEchoingTheKey_NearTheCut_NoPartOfTheKeyReachesTheErrorOrTheLogs(string marketplace)
    {
        var key = marketplace == "wb"
            ? MarketplaceKey.Wildberries("eyJhbGciOiJFUzI1NiJ9.eyJleHAiOjE3OTk5OTk5OTl9.SiGnAtUrE-Part-0123456789")
            : MarketplaceKey.Ozon("123456", "5b6c0ad1-7f0e-4c1b-9a1e-0d3c2b1a0f99");
        _sim.AddFault(marketplace == "wb" ? "/content/v2/get/cards/list" : "/v3/product/list", SimulatedFault.EchoesKey);
        await using var host = new AdapterHost(_sim.Configure);
        var client = marketplace == "wb" ? host.Wb : host.Ozon;

        var failure = (await FluentActions.Awaiting(() => client.GetProductsAsync(key, default)).Should().ThrowAsync<MarketplaceException>()).Which;

        failure.StatusCode.Should().Be(400);
        failure.Message.Should().Contain("credentials received", "the marketplace's words are kept, only the key is hidden");
        foreach (var text in host.Logs.Lines.Append(failure.ToString()))
        {
            for (var start = 0; start + MarketplaceKey.MinimumSecretFragment <= key.Secret.Length; start++)
            {
                text.Should().NotContainEquivalentOf(key.Secret.Substring(start, MarketplaceKey.MinimumSecretFragment));
            }
        }
    }

    [Fact]
    public async Task OzonPostings_FoldToDailyUnits_CancelledExcluded_UtcToMoscowDateAtMidnight_PagedByCursor()
    {
        _seller.AddOzonProduct(900000001, "MUG", 1700000001, "Кружка", 5, 1);
        var today = _sim.Today;
        var lateYesterday = new DateTimeOffset(today.AddDays(-1).ToDateTime(new TimeOnly(20, 59)), TimeSpan.Zero); // 23:59 in Moscow
        _seller.AddOzonPosting(1700000001, lateYesterday, 3);
        _seller.AddOzonPosting(1700000001, lateYesterday.AddMinutes(2), 4, fbs: true);             // 00:01 in Moscow: today
        _seller.AddOzonPosting(1700000001, lateYesterday.AddMinutes(3), 7, cancelled: true);       // never counts
        for (var i = 0; i < 150; i++)
        {
            _seller.AddOzonPosting(1700000001, lateYesterday.AddMinutes(-60 - i), 1);                 // more than a page
        }

        await using var host = new AdapterHost(_sim.Configure);

        var orders = await host.Ozon.GetDailyOrdersAsync(Ozon, today.AddDays(-1), default);

        orders.Should().BeEquivalentTo(new[]
        {
            new DailyOrders("1700000001", today.AddDays(-1), 153),
            new DailyOrders("1700000001", today, 4),
        });
        // Two business days are two slices, each read by its own cursor: yesterday's 151 FBO postings are 100 + 51, today's
        // slice holds the cancelled one; the FBS list has nothing yesterday and one posting today.
        _sim.CountRequests("/v3/posting/fbo/list").Should().Be(3, "100 + 51 postings by cursor, then today's slice");
        _sim.CountRequests("/v4/posting/fbs/list").Should().Be(2, "the FBS list answers under result, one page a slice");
        _sim.CountRequests("/v1/analytics/data").Should().Be(0);
    }

    [Fact]
    public async Task OzonBudget_SharedByEveryMethod_SpacesCallsOfDifferentMethods()
    {
        _seller.Generate(seed: 5, wbProducts: 0, ozonProducts: 10, _sim.Today, historyDays: 2);
        await using var host = new AdapterHost(o =>
        {
            _sim.Configure(o);
            o.RateLimits["ozon"] = Stock.Infrastructure.Marketplaces.RateLimit.Of(5, TimeSpan.FromSeconds(1), 1);
        });
        var clock = Stopwatch.StartNew();

        var products = await host.Ozon.GetProductsAsync(Ozon, default);  // list + info
        await host.Ozon.GetFbsStockAsync(Ozon, products, default);       // stocks
        await host.Ozon.GetDailyOrdersAsync(Ozon, _sim.Today.AddDays(-1), default); // FBO + FBS postings

        var calls = _sim.Requests.Count(r => r.Host == "ozon");
        calls.Should().Be(7, "list, info, stocks, and each posting list over two days' slices");
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1150), "seven calls of four methods at 5 a second with a burst of 1 wait six intervals");
    }

    [Fact]
    public async Task WaitingForAPermit_DoesNotCountAgainstTheAttemptTimeout()
    {
        _seller.Generate(seed: 5, wbProducts: 0, ozonProducts: 250, _sim.Today, historyDays: 1);
        await using var host = new AdapterHost(o =>
        {
            _sim.Configure(o);
            o.RateLimits["ozon.fbo"] = Stock.Infrastructure.Marketplaces.RateLimit.Of(1, TimeSpan.FromSeconds(1.5), 1);
            o.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.MaxRetries = 0; // a wait counted against the attempt would fail the call outright
        });
        var products = await host.Ozon.GetProductsAsync(Ozon, default);

        await host.Ozon.GetFboStockAsync(Ozon, products, default); // 3 calls of 100 skus, 1.5 s apart: each waits longer than an attempt may take

        _sim.Requests.Where(r => r.Path.Contains("/v1/analytics/stocks", StringComparison.Ordinal)).Select(r => r.Status)
            .Should().Equal([200, 200, 200], "no attempt timed out while it waited its turn");
    }

    private static void AssertNoSecret(AdapterHost host, Exception failure, string secret)
    {
        failure.ToString().Should().NotContain(secret);
        host.Logs.Lines.Should().NotBeEmpty().And.NotContain(l => l.Contains(secret, StringComparison.Ordinal));
        host.Logs.Lines.Should().NotContain(l => l.Contains(WbToken, StringComparison.Ordinal) || l.Contains(OzonKey, StringComparison.Ordinal));
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Stock.Application.Commands;
using Stock.Application.Messaging;
using Stock.Hosts.Function;
using Stock.Simulation;
using Stock.Infrastructure.Persistence;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Hosts;

/// <summary>
/// The HTTP function on a free loopback port, end to end: MariaDB, Redis and the Pub/Sub emulator that the test
/// script starts, and the simulated marketplaces. Every status code of its contract (docs/contracts.md).
/// </summary>
[Trait("Needs", "Services")]
public sealed class FunctionHostTests : IAsyncLifetime
{
    private const string Seller = "ООО Амодекор";
    private EmulatorTopics _topics = null!;
    private TestDatabase _database = null!;
    private SimulatedMarketplaces _sim = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private readonly string _secretsKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public async Task InitializeAsync()
    {
        _topics = new EmulatorTopics(Guid.NewGuid().ToString("N")[..8]);
        await _topics.CreateAsync("low_on_stock", "fbo_over", "fbo_received", "cluster_low", "supply_due", "stock_health");
        _database = await TestDatabase.CreateAsync(TestDatabase.MySql);
        _sim = await SimulatedMarketplaces.StartAsync();
        var seller = _sim.AddSeller(Seller, "wb-fn-token", "123456", "ozon-fn-key");
        seller.AddWbProduct(211111111, "MUG-RED-300", "Кружка керамическая 300 мл", fbo: 3, fbs: 2, DateTimeOffset.UtcNow.AddDays(-100));
        seller.AddOzonProduct(900000001, "CUP", 1700000001, "Чашка", fbo: 30, fbsPresent: 4);
        for (var day = 60; day >= 1; day--)
        {
            seller.AddWbOrders(211111111, _sim.Today.AddDays(-day).ToDateTime(new TimeOnly(12, 0)), 2);
        }

        (_app, _http) = await StartAsync(apiKey: null);
        await using var scope = _app.Services.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        await bus.SendAsync(new SetMarketplaceKey(Seller, "wb", Token: "wb-fn-token"), default);
        await bus.SendAsync(new SetMarketplaceKey(Seller, "ozon", ClientId: "123456", ApiKey: "ozon-fn-key"), default);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _sim.DisposeAsync();
        await _database.DisposeAsync();
        _topics.Dispose();
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/healthz/ready")]
    public async Task Readiness_200_NamesEachDependency_WhenAllAnswer(string url)
    {
        var response = await _http.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var dependencies = (await Json(response)).GetProperty("dependencies");
        foreach (var name in new[] { "database", "redis", "pubsub" })
        {
            dependencies.GetProperty(name).GetProperty("status").GetString().Should().Be("ok", name);
        }
    }

    [Fact]
    public async Task WithRedisUnreachable_Ready503_Live200_AndACheck503JsonNamingRedis()
    {
        var port = TestServices.FreePort();
        var (app, http) = await StartAsync(apiKey: null, new() { ["Stock:Redis:Configuration"] = $"127.0.0.1:{port}" });
        await using (app)
        using (http)
        {
            var ready = await http.GetAsync("/healthz/ready");
            var live = await http.GetAsync("/healthz/live");
            var check = await http.GetAsync($"/?legal_entity={Uri.EscapeDataString(Seller)}");

            ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            var redis = (await Json(ready)).GetProperty("dependencies").GetProperty("redis");
            redis.GetProperty("status").GetString().Should().Be("error");
            redis.GetProperty("detail").GetString().Should().StartWith($"Redis at 127.0.0.1:{port} does not answer");
            (await Json(ready)).GetProperty("dependencies").GetProperty("database").GetProperty("status").GetString().Should().Be("ok");
            live.StatusCode.Should().Be(HttpStatusCode.OK);
            check.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await Json(check)).GetProperty("error").GetString().Should().StartWith($"Redis at 127.0.0.1:{port} does not answer");
        }
    }

    [Fact]
    public async Task WithATopicMissing_Ready503_AndACheck502NamingWhatIsPending()
    {
        var missing = $"missing_{Guid.NewGuid():N}";
        var (app, http) = await StartAsync(apiKey: null, new() { ["Stock:PubSub:Topics:LowOnStock"] = missing });
        await using (app)
        using (http)
        {
            var ready = await http.GetAsync("/healthz/ready");
            var check = await http.GetAsync($"/?legal_entity={Uri.EscapeDataString(Seller)}&marketplace=wb");

            ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await Json(ready)).GetProperty("dependencies").GetProperty("pubsub").GetProperty("detail").GetString().Should().Contain(missing);
            check.StatusCode.Should().Be(HttpStatusCode.BadGateway);
            var body = await Json(check);
            body.GetProperty("marketplaces").GetProperty("wb").GetString().Should().Be("ok");
            body.GetProperty("error").GetString().Should().StartWith("1 event waits in the outbox for the next relay: ").And.Contain(missing).And.Contain("404");
            body.GetProperty("relay").GetProperty("pending").GetInt32().Should().Be(1);
        }
    }

    [Fact]
    public async Task CallerThatDisconnects_TheCheckStillCompletes_AndIsStored()
    {
        _sim.AddFault("/api/v1/supplier/orders", SimulatedFault.Slow, delay: TimeSpan.FromSeconds(3));
        using var impatient = new HttpClient { BaseAddress = _http.BaseAddress, Timeout = TimeSpan.FromSeconds(1) };

        await FluentActions.Awaiting(() => impatient.PostAsync($"/?legal_entity={Uri.EscapeDataString(Seller)}&marketplace=wb", null))
            .Should().ThrowAsync<TaskCanceledException>("the caller gave up after a second");

        Stock.Infrastructure.Persistence.Rows.CheckRunRow? run = null;
        for (var i = 0; i < 100 && run?.Outcome is null or "Running"; i++)
        {
            await Task.Delay(100);
            await using var db = _database.Contexts.Create();
            run = db.CheckRuns.OrderByDescending(r => r.StartedAt).FirstOrDefault();
        }

        run!.Outcome.Should().Be("Succeeded", "the check ran to its end without its caller");
        run.Products.Should().Be(1);
        (await _topics.PullAsync("low_on_stock", 1)).Should().ContainSingle("and its relay published the alert");
    }

    [Fact]
    public async Task TenKilobyteName_400Json_LikeEveryOtherBadName()
    {
        var response = await _http.GetAsync($"/?legal_entity={new string('a', 10_000)}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(response)).GetProperty("error").GetString().Should().Be("legal_entity is longer than 200 characters.");
    }

    [Theory]
    [InlineData("GET", "/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("PUT", "/?legal_entity=X", HttpStatusCode.MethodNotAllowed)]
    public async Task EveryErrorStatus_CarriesTheJsonBody(string method, string url, HttpStatusCode status)
    {
        var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        response.StatusCode.Should().Be(status);
        var body = await Json(response);
        body.GetProperty("status").GetString().Should().Be("error");
        body.GetProperty("error").GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task NameWithALineBreak_400()
    {
        var response = await _http.GetAsync($"/?legal_entity={Uri.EscapeDataString("ООО Амодекор\nX")}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Json(response)).GetProperty("error").GetString().Should().Contain("control character");
    }

    [Fact]
    public async Task Check_200_ReportsTheRun_AndItsEventsArriveOnPubSub()
    {
        var response = await _http.PostAsync($"/?legal_entity={Uri.EscapeDataString(Seller)}", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await Json(response);
        body.GetProperty("status").GetString().Should().Be("success");
        body.GetProperty("legal_entity").GetString().Should().Be(Seller);
        body.GetProperty("products").GetInt32().Should().Be(2);
        body.GetProperty("events").GetProperty("LowOnStock").GetInt32().Should().Be(1);
        body.GetProperty("events").GetProperty("StockFBOOver").GetInt32().Should().Be(0);
        body.GetProperty("events").EnumerateObject().Select(p => p.Name).Should().Equal(
            ["LowOnStock", "StockFBOOver", "StockFBOReceived", "StockClusterLow", "SupplyDue"], "the contract's keys (docs/contracts.md) in their order, then the cluster and supply alerts (D30)");
        body.GetProperty("marketplaces").GetProperty("wb").GetString().Should().Be("ok");
        body.GetProperty("marketplaces").GetProperty("ozon").GetString().Should().Be("ok");
        var pulled = await _topics.PullAsync("low_on_stock", 1);
        var notification = pulled.Single().Data.GetProperty("data").GetProperty("notification");
        notification.GetProperty("sku").GetString().Should().Be("211111111");
        notification.GetProperty("sales_for_period").GetInt32().Should().Be(60);
        pulled.Single().Attributes["legal_entity"].Should().Be(Seller);
    }

    [Theory]
    [InlineData("/", "legal_entity is missing or blank.")]
    [InlineData("/?legal_entity=%20%20", "legal_entity is missing or blank.")]
    [InlineData("/?legal_entity=X&marketplace=amazon", "marketplace 'amazon' is not wb or ozon.")]
    [InlineData("/?legal_entity=a&legal_entity=b", "legal_entity is given 2 times: give it once.")]
    [InlineData("/?legal_entity=a&marketplace=wb&marketplace=wb", "marketplace is given 2 times: give it once.")]
    public async Task BadRequest_400_NamesWhatIsWrong(string url, string error)
    {
        var response = await _http.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await Json(response);
        body.GetProperty("status").GetString().Should().Be("error");
        body.GetProperty("error").GetString().Should().Be(error);
    }

    [Fact]
    public async Task OverLongName_400() =>
        (await _http.GetAsync($"/?legal_entity={new string('a', 201)}")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

    [Fact]
    public async Task UnknownLegalEntity_404()
    {
        var response = await _http.GetAsync($"/?legal_entity={Uri.EscapeDataString("ООО Нет Такого")}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Json(response)).GetProperty("error").GetString().Should().Be("Unknown legal entity 'ООО Нет Такого'.");
    }

    [Fact]
    public async Task CheckWhileOneRuns_409()
    {
        _sim.AddFault("/content/v2/get/cards/list", SimulatedFault.Slow, delay: TimeSpan.FromSeconds(3));
        var fetching = _sim.WhenRequested("/content/v2/get/cards/list");
        var first = _http.GetAsync($"/?legal_entity={Uri.EscapeDataString(Seller)}");
        await fetching.WaitAsync(TimeSpan.FromSeconds(30)); // the first check holds its lease while it fetches
        var second = await _http.GetAsync($"/?legal_entity={Uri.EscapeDataString(Seller)}");

        second.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Json(second)).GetProperty("error").GetString().Should().Contain("already running");
        (await first).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task FailingMarketplace_502_ReportsEachMarketplace()
    {
        _sim.AddFault("/ozon/v3/product/list", SimulatedFault.Unauthorized);

        var response = await _http.GetAsync($"/?legal_entity={Uri.EscapeDataString(Seller)}");

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        var body = await Json(response);
        body.GetProperty("status").GetString().Should().Be("error");
        body.GetProperty("marketplaces").GetProperty("wb").GetString().Should().Be("ok");
        body.GetProperty("marketplaces").GetProperty("ozon").GetString().Should().StartWith("ozon POST /v3/product/list: Unauthorized (HTTP 401)");
        body.GetProperty("products").GetInt32().Should().Be(1, "what succeeded is stored and reported");
    }

    [Fact]
    public async Task WithAnApiKey_401WithoutTheBearer_AndPassesWithIt()
    {
        var (app, http) = await StartAsync(apiKey: "fn-secret");
        await using (app)
        using (http)
        {
            var refused = await http.GetAsync("/?legal_entity=X");
            refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            refused.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Bearer", "a 401 names the scheme it wants (RFC 9110)");
            using var request = new HttpRequestMessage(HttpMethod.Get, "/?legal_entity=X");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "fn-secret");
            (await http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.NotFound);
            using var lowercase = new HttpRequestMessage(HttpMethod.Get, "/?legal_entity=X");
            lowercase.Headers.TryAddWithoutValidation("Authorization", "bearer fn-secret");
            (await http.SendAsync(lowercase)).StatusCode.Should().Be(HttpStatusCode.NotFound, "the scheme is case-insensitive");
            using var wrong = new HttpRequestMessage(HttpMethod.Get, "/?legal_entity=X");
            wrong.Headers.TryAddWithoutValidation("Authorization", "bearer fn-secreT");
            (await http.SendAsync(wrong)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the key is not");
        }
    }

    [Fact]
    public async Task WithAnApiKey_ReadinessShowsWhereTheDependenciesAre_OnlyToACallerWithIt()
    {
        var (app, http) = await StartAsync(apiKey: "fn-secret");
        await using (app)
        using (http)
        {
            var anonymous = await Json(await http.GetAsync("/healthz/ready"));
            using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz/ready");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "fn-secret");
            var authorized = await Json(await http.SendAsync(request));

            var database = anonymous.GetProperty("dependencies").GetProperty("database");
            database.GetProperty("status").GetString().Should().Be("ok");
            database.GetProperty("detail").ValueKind.Should().Be(JsonValueKind.Null, "where the database is is nobody's business without the key");
            anonymous.GetRawText().Should().NotContain("127.0.0.1");
            authorized.GetProperty("dependencies").GetProperty("database").GetProperty("detail").GetString().Should().Contain("127.0.0.1");
        }
    }

    [Fact]
    public async Task WithoutItsDatabaseAtStart_ServesLiveness_Ready503AndCheck503_ThenWorksOnceTheDatabaseAnswers()
    {
        var server = new MySqlConnector.MySqlConnectionStringBuilder(_database.Options.ConnectionString);
        using var database = new TcpForwarder($"{server.Server}:{server.Port}");
        var unreachable = new MySqlConnector.MySqlConnectionStringBuilder(_database.Options.ConnectionString) { Server = "127.0.0.1", Port = (uint)database.Port, ConnectionTimeout = 2 };
        var (app, http) = await StartAsync(apiKey: null, new() { ["ConnectionStrings:Stock"] = unreachable.ConnectionString }, migrate: false);
        await using (app)
        using (http)
        {
            var live = await http.GetAsync("/healthz/live");
            var ready = await http.GetAsync("/healthz/ready");
            var check = await http.GetAsync($"/?legal_entity={Uri.EscapeDataString(Seller)}");

            live.StatusCode.Should().Be(HttpStatusCode.OK, "the function started without its database");
            ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            var dependencies = (await Json(ready)).GetProperty("dependencies");
            dependencies.GetProperty("database").GetProperty("status").GetString().Should().Be("error");
            dependencies.GetProperty("schema").GetProperty("status").GetString().Should().Be("error");
            check.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await Json(check)).GetProperty("error").GetString().Should().StartWith("the database failed: ");

            database.Start(); // the database comes back
            var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
            while ((await http.GetAsync("/healthz/ready")).StatusCode != HttpStatusCode.OK && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            var after = await http.GetAsync("/healthz/ready");
            after.StatusCode.Should().Be(HttpStatusCode.OK, await after.Content.ReadAsStringAsync());
            (await Json(after)).GetProperty("dependencies").GetProperty("schema").GetProperty("detail").GetString().Should().Be("up to date");
            (await http.GetAsync($"/?legal_entity={Uri.EscapeDataString(Seller)}")).StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    private async Task<(WebApplication App, HttpClient Http)> StartAsync(string? apiKey, Dictionary<string, string?>? overrides = null, bool migrate = true)
    {
        var port = TestServices.FreePort();
        var settings = new Dictionary<string, string?>(_sim.ConfigurationValues())
        {
            ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["HOST"] = "127.0.0.1",
            ["Stock:Database:Provider"] = "MySql",
            ["ConnectionStrings:Stock"] = _database.Options.ConnectionString,
            ["Stock:Redis:Configuration"] = TestServices.Redis,
            ["Stock:Redis:KeyPrefix"] = $"test:{Guid.NewGuid():N}:",
            ["PROJECT_ID"] = TestServices.PubSubProject,
            ["PUBSUB_EMULATOR_HOST"] = TestServices.PubSubEmulator,
            ["Stock:PubSub:Topics:LowOnStock"] = _topics.Topic("low_on_stock"),
            ["Stock:PubSub:Topics:StockFboOver"] = _topics.Topic("fbo_over"),
            ["Stock:PubSub:Topics:StockFboReceived"] = _topics.Topic("fbo_received"),
            ["Stock:PubSub:Topics:ClusterLow"] = _topics.Topic("cluster_low"),
            ["Stock:PubSub:Topics:SupplyDue"] = _topics.Topic("supply_due"),
            ["Stock:PubSub:Topics:Health"] = _topics.Topic("stock_health"),
            ["Stock:Function:ApiKey"] = apiKey ?? "",
            ["Stock:Secrets:Key"] = _secretsKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var app = FunctionApp.Build(settings.Select(s => $"--{s.Key}={s.Value}").ToArray());
        if (migrate)
        {
            await app.Services.GetRequiredService<IStockDatabase>().MigrateAsync(default);
        }

        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}

using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Stock.Simulation;

/// <summary>What a fault does to the requests it matches.</summary>
public enum SimulatedFault
{
    /// <summary>429 with the marketplace's own headers and body.</summary>
    RateLimited = 1,

    /// <summary>500 with the marketplace's error body.</summary>
    ServerError = 2,

    /// <summary>Answers normally, after a delay.</summary>
    Slow = 3,

    /// <summary>200 with a body that is not JSON.</summary>
    MalformedJson = 4,

    /// <summary>200 with JSON cut off in the middle.</summary>
    TruncatedJson = 5,

    /// <summary>401 with the marketplace's error body.</summary>
    Unauthorized = 6,

    /// <summary>400 whose error text quotes the key it received, near its 500th character and upper-cased.</summary>
    EchoesKey = 7,

    /// <summary>
    /// 200 with its headers at once, then a body that drips: <c>{</c>, then one space each delay, never ending (a
    /// proxy that stalls mid-body). Only a timeout that covers the body ends it.
    /// </summary>
    DrippingBody = 8,
}

/// <summary>A request the simulated marketplaces answered.</summary>
/// <param name="Host">The simulated host: <c>wb-content</c>, <c>wb-statistics</c>, <c>wb-marketplace</c>, <c>wb-analytics</c>, <c>wb-supplies</c> or <c>ozon</c>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path on that host.</param>
/// <param name="Status">The status answered.</param>
/// <param name="Headers">The request headers, for tests that check what was sent.</param>
/// <param name="Query">The query string, with its <c>?</c>, or empty.</param>
/// <param name="Body">The request body as sent, or empty.</param>
public sealed record SimulatedRequest(string Host, string Method, string Path, int Status, IReadOnlyDictionary<string, string> Headers, string Query = "", string Body = "");

/// <summary>
/// The Wildberries and Ozon seller APIs, simulated on loopback with their exact wire formats, auth, paging, limits
/// and error bodies (reference sections 1.8 and 2.8). Each real host is a path prefix of one Kestrel server:
/// <c>/wb-content</c>, <c>/wb-statistics</c>, <c>/wb-marketplace</c>, <c>/wb-analytics</c>, <c>/wb-supplies</c>, <c>/ozon</c>.
/// The demo and the tests run the real adapters against it.
/// </summary>
public sealed class SimulatedMarketplaces : IAsyncDisposable
{
    internal static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ConcurrentDictionary<string, SimulatedSeller> _sellers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SimulatedRequest> _requests = new();
    private readonly List<PendingFault> _faults = [];
    private readonly Lock _faultLock = new();
    private readonly List<(string PathContains, TaskCompletionSource Arrived)> _awaited = [];
    private WebApplication? _app;

    private SimulatedMarketplaces(TimeProvider time)
    {
        Time = time;
        _limits = new SimulatedLimits(time);
    }

    private readonly SimulatedLimits _limits;

    /// <summary>The root address; each host is a path below it.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The clock the simulation runs on (order history, "today").</summary>
    public TimeProvider Time { get; }

    /// <summary>Rows per page of WB <c>supplier/orders</c> (the real API gives up to ~80 000).</summary>
    public int WbOrdersPageSize { get; set; } = 80_000;

    /// <summary>
    /// The client-side rate-limit buckets of Stock's configuration (<c>Stock:Marketplaces:RateLimits:&lt;bucket&gt;</c>),
    /// which <see cref="ConfigurationValues"/> lifts. A test pins this list to the adapters' own.
    /// </summary>
    public static IReadOnlyList<string> ClientRateLimitBuckets { get; } =
        ["wb.cards", "wb.fbo", "wb.marketplace", "wb.orders", "wb.supplies", "ozon.products", "ozon.fbo", "ozon.fbs", "ozon.analytics", "ozon.postings", "ozon"];

    /// <summary>
    /// The documented limits of the marketplaces (Stock's reference, sections 1.3-1.6 and 2.2), per bucket. A test pins
    /// them to the adapters' own.
    /// </summary>
    public static IReadOnlyDictionary<string, SimulatedLimit> DocumentedLimits { get; } = new Dictionary<string, SimulatedLimit>
    {
        ["wb.cards"] = new(100, TimeSpan.FromMinutes(1), 5),
        ["wb.fbo"] = new(3, TimeSpan.FromMinutes(1), 1),
        ["wb.marketplace"] = new(300, TimeSpan.FromMinutes(1), 20),
        ["wb.orders"] = new(1, TimeSpan.FromMinutes(1), 10),
        ["wb.supplies"] = new(30, TimeSpan.FromMinutes(1), 10),
        ["ozon.products"] = new(50, TimeSpan.FromSeconds(1), 50),
        ["ozon.fbo"] = new(1, TimeSpan.FromSeconds(1), 1, Published: false),
        ["ozon.fbs"] = new(50, TimeSpan.FromSeconds(1), 50),
        ["ozon.analytics"] = new(1, TimeSpan.FromMinutes(1), 1),
        ["ozon.postings"] = new(50, TimeSpan.FromSeconds(1), 50),
        ["ozon"] = new(50, TimeSpan.FromSeconds(1), 50),
    };

    /// <summary>
    /// Whether requests past the documented limits get the marketplace's 429 (off by default: tests and the demo lift
    /// the client's limits for speed). Turned on, a client that ignores the limits is caught.
    /// </summary>
    public bool EnforceDocumentedLimits { get; set; }

    /// <summary>The buckets of a request (its method's, and Ozon's shared budget), by host and path.</summary>
    public static IReadOnlyList<string> BucketsOf(SimulatedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SimulatedLimits.BucketsOf(request.Host, request.Path);
    }

    /// <summary>Every request answered, in order.</summary>
    public IReadOnlyList<SimulatedRequest> Requests => _requests.ToArray();

    /// <summary>Starts the simulation on a free port of 127.0.0.1.</summary>
    public static async Task<SimulatedMarketplaces> StartAsync(TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var simulation = new SimulatedMarketplaces(time ?? TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Use(simulation.RecordAndInjectFaultsAsync);
        WildberriesSimulator.Map(app, simulation);
        OzonSimulator.Map(app, simulation);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        simulation.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        simulation._app = app;
        return simulation;
    }

    /// <summary>
    /// The configuration keys that point the adapters at this simulation, with client-side rate limits lifted
    /// (the simulation has none to respect; real marketplaces keep the documented ones).
    /// </summary>
    public IReadOnlyDictionary<string, string?> ConfigurationValues()
    {
        var values = new Dictionary<string, string?>
        {
            ["Stock:Marketplaces:Wildberries:ContentBaseUrl"] = new Uri(BaseUrl, "wb-content/").ToString(),
            ["Stock:Marketplaces:Wildberries:StatisticsBaseUrl"] = new Uri(BaseUrl, "wb-statistics/").ToString(),
            ["Stock:Marketplaces:Wildberries:MarketplaceBaseUrl"] = new Uri(BaseUrl, "wb-marketplace/").ToString(),
            ["Stock:Marketplaces:Wildberries:AnalyticsBaseUrl"] = new Uri(BaseUrl, "wb-analytics/").ToString(),
            ["Stock:Marketplaces:Wildberries:SuppliesBaseUrl"] = new Uri(BaseUrl, "wb-supplies/").ToString(),
            ["Stock:Marketplaces:Ozon:BaseUrl"] = new Uri(BaseUrl, "ozon/").ToString(),
        };
        foreach (var bucket in ClientRateLimitBuckets)
        {
            values[$"Stock:Marketplaces:RateLimits:{bucket}:Limit"] = "1000";
            values[$"Stock:Marketplaces:RateLimits:{bucket}:Period"] = "00:00:01";
            values[$"Stock:Marketplaces:RateLimits:{bucket}:Burst"] = "1000";
        }

        return values;
    }

    /// <summary>
    /// A WB token as WB issues them: a JWT (ES256 header, claims with <c>exp</c>, a signature) that expires at
    /// <paramref name="expires"/>. The simulated WB answers 401 "token expired" once its clock passes the expiry.
    /// </summary>
    public static string WbJwt(DateTimeOffset expires, string subject = "a1b2c3d4-0000")
    {
        static string Part(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Part("{\"alg\":\"ES256\",\"kid\":\"20260101v1\",\"typ\":\"JWT\"}")}.{Part($"{{\"exp\":{expires.ToUnixTimeSeconds()},\"ent\":1,\"sid\":\"{subject}\"}}")}.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi0wMTIzNDU2Nzg5";
    }

    /// <summary>Adds a seller with its keys.</summary>
    public SimulatedSeller AddSeller(string name, string wbToken, string ozonClientId, string ozonApiKey)
    {
        var seller = new SimulatedSeller(name, wbToken, ozonClientId, ozonApiKey);
        if (!_sellers.TryAdd(name, seller))
        {
            throw new InvalidOperationException($"Seller '{name}' is already simulated.");
        }

        return seller;
    }

    /// <summary>Makes the next <paramref name="times"/> requests whose path contains <paramref name="pathContains"/> fail.</summary>
    /// <remarks>
    /// With <paramref name="after"/>, the first <paramref name="after"/> matching requests are answered normally first.
    /// With <paramref name="whenBody"/>, only requests whose body it accepts match (e.g. a later page of a cursor, which
    /// the order in which concurrent requests arrive does not say).
    /// </remarks>
    public void AddFault(
        string pathContains, SimulatedFault fault, int times = 1, TimeSpan? delay = null, int retryAfterSeconds = 1, int after = 0, Func<string, bool>? whenBody = null)
    {
        lock (_faultLock)
        {
            _faults.Add(new PendingFault(pathContains, whenBody, fault, times, delay ?? TimeSpan.FromSeconds(5), retryAfterSeconds, after));
        }
    }

    /// <summary>Removes every fault still waiting: the marketplaces answer normally again.</summary>
    public void ClearFaults()
    {
        lock (_faultLock)
        {
            _faults.Clear();
        }
    }

    /// <summary>How many requests were answered whose path contains <paramref name="pathContains"/>.</summary>
    public int CountRequests(string pathContains) => _requests.Count(r => r.Path.Contains(pathContains, StringComparison.Ordinal));

    /// <summary>
    /// Completes when the next request whose path contains <paramref name="pathContains"/> arrives, before it is
    /// answered (or delayed by a fault): a test synchronises on it instead of sleeping. Ask before the request is sent.
    /// </summary>
    public Task WhenRequested(string pathContains)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_faultLock)
        {
            _awaited.Add((pathContains, arrived));
        }

        return arrived.Task;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>The zone of WB statistics dates and of the simulated business days.</summary>
    internal static TimeZoneInfo Moscow { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    internal DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Time.GetUtcNow(), Moscow).DateTime);

    internal SimulatedSeller? WbSeller(string? authorization)
    {
        var token = authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true ? authorization[7..].Trim() : authorization?.Trim();
        return string.IsNullOrEmpty(token) ? null : _sellers.Values.FirstOrDefault(s => s.WbToken == token);
    }

    internal SimulatedSeller? OzonSeller(string clientId, string apiKey) =>
        _sellers.Values.FirstOrDefault(s => s.OzonClientId == clientId && s.OzonApiKey == apiKey);

    private async Task RecordAndInjectFaultsAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "/";
        var slash = path.IndexOf('/', 1);
        var host = slash > 0 ? path[1..slash] : path.Trim('/');
        var rest = slash > 0 ? path[slash..] : "/";
        var body = string.Empty;
        try
        {
            if (context.Request.ContentLength is > 0 or null && HttpMethods.IsPost(context.Request.Method))
            {
                context.Request.EnableBuffering();
                using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
                body = await reader.ReadToEndAsync(context.RequestAborted);
                context.Request.Body.Position = 0;
            }

            Arrived(path);
            var fault = TakeFault(path, body);

            if (fault is { Fault: SimulatedFault.Slow } slow)
            {
                await Task.Delay(slow.Delay, Time, context.RequestAborted);
                fault = null;
            }

            if (fault is { Fault: SimulatedFault.DrippingBody } drip)
            {
                await Faults.DripAsync(context, drip.Delay, Time);
            }
            else if (fault is { } injected)
            {
                await Faults.WriteAsync(context, host, injected.Fault, injected.RetryAfterSeconds, Time);
            }
            else if (EnforceDocumentedLimits && SimulatedLimits.BucketsOf(host, rest) is { Count: > 0 } buckets
                && _limits.TryTake(buckets, SimulatedLimits.AccountOf(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase))) is { } wait)
            {
                await Faults.WriteAsync(context, host, SimulatedFault.RateLimited, (int)Math.Ceiling(wait.TotalSeconds), Time);
            }
            else
            {
                await next(context);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (its attempt timed out): recorded as nginx does, 499.
            context.Response.StatusCode = 499;
        }
        finally
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            _requests.Enqueue(new SimulatedRequest(host, context.Request.Method, rest, context.Response.StatusCode, headers, context.Request.QueryString.Value ?? "", body));
        }
    }

    private void Arrived(string path)
    {
        lock (_faultLock)
        {
            foreach (var awaited in _awaited.Where(a => path.Contains(a.PathContains, StringComparison.Ordinal)).ToArray())
            {
                _awaited.Remove(awaited);
                awaited.Arrived.TrySetResult();
            }
        }
    }

    private (SimulatedFault Fault, TimeSpan Delay, int RetryAfterSeconds)? TakeFault(string path, string body)
    {
        lock (_faultLock)
        {
            var index = _faults.FindIndex(f => f.Matches(path, body));
            if (index < 0)
            {
                return null;
            }

            var fault = _faults[index];
            if (fault.Skip > 0)
            {
                _faults[index] = fault with { Skip = fault.Skip - 1 };
                return null;
            }

            _faults[index] = fault with { Remaining = fault.Remaining - 1 };
            return (fault.Fault, fault.Delay, fault.RetryAfterSeconds);
        }
    }

    /// <summary>A fault still waiting: the requests it matches, what it answers, how often, and after how many.</summary>
    private sealed record PendingFault(
        string PathContains, Func<string, bool>? WhenBody, SimulatedFault Fault, int Remaining, TimeSpan Delay, int RetryAfterSeconds, int Skip)
    {
        public bool Matches(string path, string body) =>
            Remaining > 0 && path.Contains(PathContains, StringComparison.Ordinal) && (WhenBody is null || WhenBody(body));
    }
}

using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Infrastructure;
using Stock.Infrastructure.Marketplaces;
using Stock.Infrastructure.Marketplaces.Ozon;
using Stock.Infrastructure.Marketplaces.Wildberries;
using Stock.Tests.Fakes;

namespace Stock.Tests.Infrastructure.Marketplaces;

/// <summary>The real adapters, as <c>AddStockMarketplaces</c> registers them, with fast limits and back-off for tests.</summary>
internal sealed class AdapterHost : IAsyncDisposable
{
    public static readonly string[] Hosts = [.. WildberriesProtocol.Instance.Hosts.Keys, .. OzonProtocol.Instance.Hosts.Keys];

    private readonly ServiceProvider _provider;

    public AdapterHost(Action<MarketplaceOptions> configure, HttpMessageHandler? primary = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddStockMarketplaces(new ConfigurationBuilder().Build());
        services.Configure<MarketplaceOptions>(o =>
        {
            foreach (var bucket in new[] { "wb.cards", "wb.fbo", "wb.marketplace", "wb.orders", "wb.supplies", "ozon.products", "ozon.fbo", "ozon.fbs", "ozon.analytics" })
            {
                o.RateLimits[bucket] = RateLimit.Of(10_000, TimeSpan.FromSeconds(1), 1000);
            }

            o.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
            configure(o);
        });
        if (primary is not null)
        {
            foreach (var host in Hosts)
            {
                services.AddHttpClient(host).ConfigurePrimaryHttpMessageHandler(() => primary).SetHandlerLifetime(Timeout.InfiniteTimeSpan);
            }
        }

        _provider = services.BuildServiceProvider();
        var clients = _provider.GetServices<IMarketplaceClient>().ToArray();
        Wb = clients.Single(c => c.Marketplace == Marketplace.Wildberries);
        Ozon = clients.Single(c => c.Marketplace == Marketplace.Ozon);
    }

    public CollectingLoggerProvider Logs { get; } = new();
    public IMarketplaceClient Wb { get; }
    public IMarketplaceClient Ozon { get; }

    public static void StubHosts(MarketplaceOptions o)
    {
        o.Wildberries.ContentBaseUrl = new Uri("http://wb-content.test/");
        o.Wildberries.StatisticsBaseUrl = new Uri("http://wb-statistics.test/");
        o.Wildberries.MarketplaceBaseUrl = new Uri("http://wb-marketplace.test/");
        o.Wildberries.AnalyticsBaseUrl = new Uri("http://wb-analytics.test/");
        o.Wildberries.SuppliesBaseUrl = new Uri("http://wb-supplies.test/");
        o.Ozon.BaseUrl = new Uri("http://ozon.test/");
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

/// <summary>Answers requests from fixtures by "METHOD host/path", in order, and records what was sent.</summary>
internal sealed class FixtureHandler : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(HttpStatusCode Status, string Body)>> _answers = new();

    public ConcurrentQueue<(string Key, string Uri, IReadOnlyDictionary<string, string> Headers, string? Body)> Sent { get; } = new();

    public FixtureHandler Answer(string key, string body, HttpStatusCode status = HttpStatusCode.OK)
    {
        _answers.GetOrAdd(key, _ => new()).Enqueue((status, body));
        return this;
    }

    public FixtureHandler AnswerFile(string key, string fixture) => Answer(key, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Marketplaces", fixture)));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = $"{request.Method.Method} {request.RequestUri!.Host.Replace(".test", "", StringComparison.Ordinal)}{request.RequestUri.AbsolutePath}";
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Sent.Enqueue((key, request.RequestUri.ToString(), request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value)), body));
        if (!_answers.TryGetValue(key, out var queue) || !queue.TryDequeue(out var answer))
        {
            throw new InvalidOperationException($"No fixture answers {key}.");
        }

        return new HttpResponseMessage(answer.Status) { Content = new StringContent(answer.Body, System.Text.Encoding.UTF8, "application/json") };
    }
}

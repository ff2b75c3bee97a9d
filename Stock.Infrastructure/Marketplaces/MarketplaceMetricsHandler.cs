using System.Diagnostics.Metrics;
using Stock.Application;
using Stock.Domain;

namespace Stock.Infrastructure.Marketplaces;

/// <summary>
/// Counts every attempt that reaches a marketplace (inside the retry pipeline, so that each 429 and each retried 5xx
/// counts): <c>stock.marketplace.requests</c> by marketplace, endpoint and status (<c>network</c> when none came back),
/// on Stock's meter (<see cref="StockTelemetry.Name"/>).
/// </summary>
internal sealed class MarketplaceMetricsHandler(MarketplaceMetricsHandler.Requests requests) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<Endpoint> Endpoint = new("stock.endpoint");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(Endpoint, out var endpoint);
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            Record(endpoint, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        }
        catch (HttpRequestException)
        {
            Record(endpoint, "network");
            throw;
        }
    }

    private void Record(Endpoint? endpoint, string status)
    {
        if (endpoint is not null)
        {
            requests.Counter.Add(1, new("marketplace", endpoint.Marketplace.ToWire()), new("endpoint", endpoint.Display), new("status", status));
        }
    }

    /// <summary>The instrument, one per service provider (the handlers are made per client).</summary>
    internal sealed class Requests(IMeterFactory? meters)
    {
        public Counter<long> Counter { get; } = (meters?.Create(StockTelemetry.Name) ?? new Meter(StockTelemetry.Name))
            .CreateCounter<long>("stock.marketplace.requests", "{request}", "Marketplace requests by marketplace, endpoint and HTTP status (429 included).");
    }
}

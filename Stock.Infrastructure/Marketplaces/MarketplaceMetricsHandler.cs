using Stock.Application;
using Stock.Domain;

namespace Stock.Infrastructure.Marketplaces;

/// <summary>
/// Counts every attempt that reaches a marketplace (inside the retry pipeline, so that each 429 and each retried 5xx
/// counts): <c>stock.marketplace.requests</c> by marketplace, endpoint and status (<c>network</c> when none came back).
/// </summary>
internal sealed class MarketplaceMetricsHandler(StockMetrics metrics) : DelegatingHandler
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
            metrics.MarketplaceRequest(endpoint.Marketplace.ToWire(), endpoint.Display, status);
        }
    }
}

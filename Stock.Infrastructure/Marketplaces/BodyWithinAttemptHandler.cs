namespace Stock.Infrastructure.Marketplaces;

/// <summary>
/// Reads a response's body inside the resilience pipeline, under the attempt's token: an attempt's timeout then covers
/// the body as well as the headers, and a body that drips is a timed-out attempt, retried as one (docs/marketplaces.md).
/// HttpClient would otherwise buffer the body after the pipeline has returned, bounded by nothing. A request marked
/// <see cref="Streamed"/> keeps its body a stream (a WB order page is tens of megabytes); its reader bounds it.
/// </summary>
internal sealed class BodyWithinAttemptHandler : DelegatingHandler
{
    /// <summary>Set on a request whose body is read as a stream, element by element.</summary>
    public static readonly HttpRequestOptionsKey<bool> Streamed = new("stock.streamed");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Options.TryGetValue(Streamed, out var streamed) && streamed && response.IsSuccessStatusCode)
        {
            return response;
        }

        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}

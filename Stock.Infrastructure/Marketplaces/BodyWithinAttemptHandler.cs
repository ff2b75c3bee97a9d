using Microsoft.IO;

namespace Stock.Infrastructure.Marketplaces;

/// <summary>
/// Reads a response's body inside the resilience pipeline, under the attempt's token: an attempt's timeout then covers
/// the body as well as the headers, and a body that drips is a timed-out attempt, retried as one (docs/marketplaces.md).
/// HttpClient would otherwise buffer the body after the pipeline has returned, bounded by nothing. A request marked
/// <see cref="Streamed"/> keeps its body a stream (a WB order page is tens of megabytes); its reader bounds it.
/// The body is buffered in pooled blocks (<see cref="ResponseBuffers"/>), given back when the response is disposed.
/// </summary>
internal sealed class BodyWithinAttemptHandler(ResponseBuffers buffers) : DelegatingHandler
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
            response.Content = await buffers.BufferAsync(response.Content, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}

/// <summary>
/// Response bodies buffered in pooled blocks of 64 KiB, under the large object heap's threshold. Buffered as one array
/// (<see cref="HttpContent.LoadIntoBufferAsync()"/>), each page of a megabyte or more (Ozon's postings and stock, WB's
/// report) left arrays of doubling size on the large object heap, which only a full collection frees: 60 MB of them
/// at once in a check of 20,000 products in a 512 MiB instance (docs/decisions.md, D53).
/// </summary>
internal sealed class ResponseBuffers
{
    private const int BlockSize = 64 * 1024;

    private readonly RecyclableMemoryStreamManager _pool = new(new RecyclableMemoryStreamManager.Options
    {
        BlockSize = BlockSize,
        LargeBufferMultiple = 1024 * 1024,
        MaximumBufferSize = 16 * 1024 * 1024,
        // What the pool keeps between responses: a few pages' worth, the rest is collected as small objects.
        MaximumSmallPoolFreeBytes = 16L * 1024 * 1024,
        MaximumLargePoolFreeBytes = 0,
    });

    /// <summary>The content read to its end into pooled blocks, with its headers; disposing it gives the blocks back.</summary>
    public async Task<HttpContent> BufferAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var body = _pool.GetStream("marketplace-response");
        try
        {
            await content.CopyToAsync(body, cancellationToken);
            body.Position = 0;
            var buffered = new StreamContent(body);
            foreach (var header in content.Headers)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            content.Dispose();
            return buffered;
        }
        catch
        {
            await body.DisposeAsync();
            throw;
        }
    }
}

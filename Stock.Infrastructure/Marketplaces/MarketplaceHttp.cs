using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Domain;

namespace Stock.Infrastructure.Marketplaces;

/// <summary>
/// Sends one marketplace request through the named client of its host (resilience and rate limiting are in the
/// client's pipeline), authorizes it with the seller's key, and turns every failure into a
/// <see cref="MarketplaceException"/> that names marketplace, endpoint and status, and never the key.
/// </summary>
internal sealed partial class MarketplaceHttp(IHttpClientFactory clients, IOptions<MarketplaceOptions> options, TimeProvider time, ILogger<MarketplaceHttp> logger)
{
    // The wire types' metadata is generated (MarketplaceJson); anything else falls back to reflection.
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(MarketplaceJson.Default, new DefaultJsonTypeInfoResolver()),
    };

    private const int MaxErrorBody = 64 * 1024;

    private static readonly string[] _errorFields = ["title", "detail", "errorText", "message", "code"];

    public async Task<T> SendAsync<T>(
        Endpoint endpoint,
        MarketplaceKey key,
        object? body,
        CancellationToken cancellationToken,
        string? path = null,
        string? query = null)
    {
        using var request = Build(endpoint, key, body, path, query);
        // The body is read inside the pipeline (BodyWithinAttemptHandler: its attempt timeout and retries cover it),
        // then parsed from the buffer.
        return await ReadAsync<T>(endpoint, key, await SendCheckedAsync(endpoint, key, request, HttpCompletionOption.ResponseHeadersRead, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Sends a request whose answer is a JSON array, and yields its elements as they arrive: the body is never held
    /// whole, as a string or as a list (a WB order page is tens of megabytes). The body must arrive within an attempt's
    /// timeout of its headers, and within the call's total timeout: a body that drips fails the call as timed out.
    /// </summary>
    public async IAsyncEnumerable<T> StreamArrayAsync<T>(
        Endpoint endpoint,
        MarketplaceKey key,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        string? query = null)
    {
        var settings = options.Value;
        var started = time.GetTimestamp();
        using var request = Build(endpoint, key, body: null, path: null, query);
        request.Options.Set(BodyWithinAttemptHandler.Streamed, true);
        using var response = await SendCheckedAsync(endpoint, key, request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var left = settings.TotalTimeout - time.GetElapsedTime(started);
        using var deadline = new CancellationTokenSource(left < settings.AttemptTimeout ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : settings.AttemptTimeout, time);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(reading.Token);
        await using var items = JsonSerializer.DeserializeAsyncEnumerable<T>(stream, Json, reading.Token).GetAsyncEnumerator(reading.Token);
        while (true)
        {
            T? item;
            try
            {
                if (!await items.MoveNextAsync())
                {
                    yield break;
                }

                item = items.Current;
            }
            catch (JsonException ex)
            {
                throw Fail(endpoint, MarketplaceFailure.MalformedResponse, (int)response.StatusCode, $"malformed JSON: {ex.Message}", key, ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw Fail(endpoint, MarketplaceFailure.Unavailable, (int)response.StatusCode, $"network error: {ex.Message}", key, ex);
            }
            catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw Fail(endpoint, MarketplaceFailure.Unavailable, (int)response.StatusCode, "timed out reading the body", key, ex);
            }

            yield return item ?? throw Fail(endpoint, MarketplaceFailure.MalformedResponse, (int)response.StatusCode, "malformed JSON: an element is null", key);
        }
    }

    private static HttpRequestMessage Build(Endpoint endpoint, MarketplaceKey key, object? body, string? path, string? query)
    {
        var request = new HttpRequestMessage(endpoint.Method, (path ?? endpoint.Path) + query);
        endpoint.Protocol.Authorize(request, key);
        request.Options.Set(MarketplaceRateLimiters.Partition, MarketplaceRateLimiters.PartitionOf(endpoint.Bucket, AccountOf(key)));
        if (endpoint.SharedBucket is { } shared)
        {
            request.Options.Set(MarketplaceRateLimiters.SharedPartition, MarketplaceRateLimiters.PartitionOf(shared, AccountOf(key)));
        }

        request.Options.Set(MarketplaceMetricsHandler.Endpoint, endpoint);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
        }

        return request;
    }

    /// <summary>The response of a successful call, its body not read yet; a failure is thrown as a <see cref="MarketplaceException"/>.</summary>
    private async Task<HttpResponseMessage> SendCheckedAsync(Endpoint endpoint, MarketplaceKey key, HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(endpoint.Host);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, completion, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw Fail(endpoint, MarketplaceFailure.Unavailable, null, ex is HttpRequestException ? $"network error: {ex.Message}" : "timed out", key, ex);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        LogCall(endpoint.Marketplace, endpoint.Display, (int)response.StatusCode, elapsed);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            // Scrubbed before anything reads or cuts it: an error body may echo the key anywhere.
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var scrubbed = key.Scrub(text.Length > MaxErrorBody ? text[..MaxErrorBody] : text);
            throw Fail(endpoint, endpoint.Protocol.Classify(response.StatusCode, scrubbed), (int)response.StatusCode, ErrorDetail(scrubbed), key);
        }
    }

    private static async Task<T> ReadAsync<T>(Endpoint endpoint, MarketplaceKey key, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken) ?? throw new JsonException("the body is empty or null");
            }
            catch (JsonException ex)
            {
                throw Fail(endpoint, MarketplaceFailure.MalformedResponse, (int)response.StatusCode, $"malformed JSON: {ex.Message}", key, ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw Fail(endpoint, MarketplaceFailure.Unavailable, (int)response.StatusCode, $"network error: {ex.Message}", key, ex);
            }
        }
    }

    /// <summary>An account id for rate limiting that reveals nothing: the Ozon client id, or a hash of the WB token.</summary>
    private static string AccountOf(MarketplaceKey key) =>
        key.ClientId ?? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.Secret)).AsSpan(0, 8));

    /// <summary>The marketplace's own words from an error body: WB title/detail, errorText, message or errors; Ozon message.</summary>
    private static string ErrorDetail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = document.RootElement;
                var parts = _errorFields
                    .Select(name => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null)
                    .Where(value => !string.IsNullOrWhiteSpace(value))
                    .ToList();
                if (root.TryGetProperty("errors", out var errors))
                {
                    parts.Add(errors.ValueKind == JsonValueKind.Array ? string.Join("; ", errors.EnumerateArray().Select(e => e.ToString())) : errors.ToString());
                }

                if (parts.Count > 0)
                {
                    return ErrorText.OneLine(string.Join(": ", parts.Distinct()));
                }
            }
        }
        catch (JsonException)
        {
        }

        return string.IsNullOrWhiteSpace(body) ? "no body" : ErrorText.OneLine(body);
    }

    private static MarketplaceException Fail(Endpoint endpoint, MarketplaceFailure failure, int? status, string detail, MarketplaceKey key, Exception? inner = null) =>
        new(endpoint.Marketplace, endpoint.Display, failure, status, key.Scrub(detail), inner);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Marketplace} {Endpoint}: HTTP {Status} in {Elapsed}")]
    private partial void LogCall(Marketplace marketplace, string endpoint, int status, TimeSpan elapsed);
}

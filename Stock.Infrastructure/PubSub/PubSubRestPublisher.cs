using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stock.Application.Messaging;
using Stock.Application.Ports;

namespace Stock.Infrastructure.PubSub;

/// <summary>
/// Google's application default credentials for Pub/Sub (a service-account file or the metadata server), found once and
/// cached by Google.Apis.Auth; none for the emulator.
/// </summary>
internal sealed class PubSubCredentials(IOptions<PubSubOptions> options)
{
    private const string Scope = "https://www.googleapis.com/auth/pubsub";

    private readonly Lazy<Task<ITokenAccess>> _credential = new(async () =>
        (await GoogleCredential.GetApplicationDefaultAsync()).CreateScoped(Scope));

    public async Task AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.EmulatorHost))
        {
            var token = await (await _credential.Value.WaitAsync(cancellationToken)).GetAccessTokenForRequestAsync(Scope, cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }
}

/// <summary>
/// Publishes outbox messages to Google Pub/Sub over its REST API (<c>topics/{topic}:publish</c>), in batches per
/// topic, with the message attributes of docs/events.md. Credentials are Google's application default credentials
/// (a service-account file or the metadata server), with tokens cached by Google.Apis.Auth; with
/// <c>PUBSUB_EMULATOR_HOST</c> it talks to the emulator without credentials. 429 and 5xx are retried by the client's
/// resilience pipeline; nothing else is.
/// </summary>
internal sealed partial class PubSubRestPublisher(
    IHttpClientFactory clients,
    PubSubCredentials credentials,
    IOptions<PubSubOptions> options,
    ILogger<PubSubRestPublisher> logger) : IEventPublisher
{
    public const string ClientName = "pubsub";

    public async Task<PublishResult> PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var acknowledged = new HashSet<Guid>();
        Exception? firstFailure = null;
        foreach (var topic in messages.GroupBy(m => settings.TopicOf(m.EventType)))
        {
            foreach (var batch in Batches(topic, Math.Clamp(settings.BatchSize, 1, 1000)))
            {
                try
                {
                    await PublishBatchAsync(topic.Key, batch, cancellationToken);
                    acknowledged.UnionWith(batch.Select(m => m.EventId));
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogBatchFailed(ex, topic.Key, batch.Length);
                    firstFailure ??= ex;
                }
            }
        }

        return acknowledged.Count == 0 && firstFailure is not null
            ? throw new PubSubException($"Pub/Sub at {settings.BaseUrl.Authority} did not take the messages: {firstFailure.Message}", firstFailure)
            : new PublishResult(acknowledged, firstFailure is null ? null : ErrorText.OneLine(firstFailure.Message));
    }

    /// <summary>Publish calls of at most <paramref name="size"/> messages and under 9 MB (Pub/Sub takes 1,000 and 10 MB).</summary>
    private static IEnumerable<OutboxMessage[]> Batches(IEnumerable<OutboxMessage> messages, int size)
    {
        const long maxBytes = 9L * 1024 * 1024;
        var batch = new List<OutboxMessage>(size);
        long bytes = 0;
        foreach (var message in messages)
        {
            var cost = (Encoding.UTF8.GetByteCount(message.Payload) * 4L / 3) + message.Attributes.Sum(a => a.Key.Length + a.Value.Length) + 64;
            if (batch.Count > 0 && (batch.Count == size || bytes + cost > maxBytes))
            {
                yield return batch.ToArray();
                batch.Clear();
                bytes = 0;
            }

            batch.Add(message);
            bytes += cost;
        }

        if (batch.Count > 0)
        {
            yield return batch.ToArray();
        }
    }

    private async Task PublishBatchAsync(string topic, OutboxMessage[] batch, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.BaseUrl, $"v1/projects/{settings.ProjectId}/topics/{topic}:publish"))
        {
            Content = JsonContent.Create(new PublishRequest(batch.Select(m => new PubSubMessage(Convert.ToBase64String(Encoding.UTF8.GetBytes(m.Payload)), m.Attributes)).ToList())),
        };
        await credentials.AuthorizeAsync(request, cancellationToken);
        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new PubSubException($"publish to {topic} answered HTTP {(int)response.StatusCode}: {ErrorText.OneLine(body)}");
        }

        var answer = await response.Content.ReadFromJsonAsync<PublishResponse>(cancellationToken);
        if (answer?.MessageIds is not { } ids || ids.Count != batch.Length)
        {
            throw new PubSubException($"publish to {topic} returned {answer?.MessageIds?.Count ?? 0} message ids for {batch.Length} messages");
        }

        LogPublished(batch.Length, topic);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published {Count} message(s) to {Topic}")]
    private partial void LogPublished(int count, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} message(s) to {Topic} failed; they stay pending")]
    private partial void LogBatchFailed(Exception exception, string topic, int count);

    private sealed record PublishRequest([property: JsonPropertyName("messages")] List<PubSubMessage> Messages);

    private sealed record PubSubMessage(
        [property: JsonPropertyName("data")] string Data,
        [property: JsonPropertyName("attributes")] IReadOnlyDictionary<string, string> Attributes);

    private sealed record PublishResponse([property: JsonPropertyName("messageIds")] List<string>? MessageIds);
}

/// <summary>Pub/Sub did not take the messages; the message says where and why, without credentials.</summary>
public sealed class PubSubException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PubSubException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public PubSubException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public PubSubException()
        : base("Pub/Sub did not take the messages.")
    {
    }
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Stock.Application.Ports;
using Stock.Infrastructure.PubSub;

namespace Stock.Infrastructure.Events;

/// <summary>Where the embedded default writes events, bound from <c>Stock:Events</c>.</summary>
public sealed class EventFileOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Stock:Events";

    /// <summary>The JSON-lines file (<c>events.jsonl</c>).</summary>
    public string File { get; set; } = "events.jsonl";
}

/// <summary>
/// The embedded default publisher: appends one JSON object per event to a file,
/// <c>{"topic": "...", "attributes": {...}, "data": &lt;the Pub/Sub payload&gt;}</c>, with the same topics and payloads.
/// </summary>
internal sealed class JsonLinesEventPublisher(IOptions<EventFileOptions> file, IOptions<PubSubOptions> pubSub) : IEventPublisher, IDisposable
{
    private static readonly JsonWriterOptions _writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IReadOnlySet<Guid>> PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var lines = new StringBuilder();
        foreach (var message in messages)
        {
            lines.Append(Line(pubSub.Value.TopicOf(message.EventType), message)).Append('\n');
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var path = Path.GetFullPath(file.Value.File);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await System.IO.File.AppendAllTextAsync(path, lines.ToString(), new UTF8Encoding(false), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        return messages.Select(m => m.EventId).ToHashSet();
    }

    public void Dispose() => _gate.Dispose();

    private static string Line(string topic, OutboxMessage message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, _writer))
        {
            json.WriteStartObject();
            json.WriteString("topic", topic);
            json.WriteStartObject("attributes");
            foreach (var (key, value) in message.Attributes)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WritePropertyName("data");
            using (var payload = JsonDocument.Parse(message.Payload))
            {
                payload.RootElement.WriteTo(json);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

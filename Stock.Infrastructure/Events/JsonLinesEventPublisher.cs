using System.Buffers;
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
/// The file never holds one <c>event_id</c> twice (docs/contracts.md, Delivery): before appending, the publisher reads what
/// the file gained since it last looked (all of it on first use, also what another process appended), and an event
/// already there counts as published without being written again, as after a crash between the append and marking
/// the rows sent. A line cut short by a crash is ended first, so that the next line stays whole.
/// </summary>
internal sealed class JsonLinesEventPublisher(IOptions<EventFileOptions> file, IOptions<PubSubOptions> pubSub) : IEventPublisher, IDisposable
{
    private static readonly JsonWriterOptions _writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly SemaphoreSlim _gate = new(1, 1);
    private const int ScanChunk = 64 * 1024;

    private readonly HashSet<Guid> _written = [];
    private long _scanned;

    public async Task<PublishResult> PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var path = Path.GetFullPath(file.Value.File);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, 64 * 1024, useAsync: true);
            var endsWithNewline = await ScanAsync(stream, cancellationToken);

            var lines = new StringBuilder();
            if (!endsWithNewline)
            {
                lines.Append('\n');
            }

            var fresh = messages.Where(m => _written.Add(m.EventId)).ToList();
            foreach (var message in fresh)
            {
                lines.Append(Line(pubSub.Value.TopicOf(message.EventType), message)).Append('\n');
            }

            if (fresh.Count > 0)
            {
                stream.Seek(0, SeekOrigin.End);
                var bytes = new UTF8Encoding(false).GetBytes(lines.ToString());
                try
                {
                    await stream.WriteAsync(bytes, cancellationToken);
                    await stream.FlushAsync(cancellationToken);
                }
                catch
                {
                    _written.ExceptWith(fresh.Select(m => m.EventId));
                    throw;
                }

                _scanned = stream.Length;
            }
        }
        finally
        {
            _gate.Release();
        }

        return new PublishResult(messages.Select(m => m.EventId).ToHashSet());
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Reads the event ids of the lines appended since the last scan; returns whether the file ends a line.</summary>
    private async Task<bool> ScanAsync(FileStream stream, CancellationToken cancellationToken)
    {
        var length = stream.Length;
        if (length < _scanned)
        {
            // The file was replaced or truncated: read it again from the start.
            _written.Clear();
            _scanned = 0;
        }

        if (length == _scanned)
        {
            return length == 0 || await LastByteAsync(stream, cancellationToken) == (byte)'\n';
        }

        // Line by line, through a buffer of its own size: the file of a large seller's first check is hundreds of
        // megabytes, which read whole (as this did) threw OutOfMemoryException in a 512 MiB instance.
        stream.Seek(_scanned, SeekOrigin.Begin);
        var chunk = new byte[ScanChunk];
        var partial = new ArrayBufferWriter<byte>();
        var left = length - _scanned;
        while (left > 0)
        {
            var read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)), cancellationToken);
            if (read == 0)
            {
                break;
            }

            left -= read;
            var rest = chunk.AsSpan(0, read);
            for (var end = rest.IndexOf((byte)'\n'); end >= 0; end = rest.IndexOf((byte)'\n'))
            {
                if (partial.WrittenCount == 0)
                {
                    Remember(rest[..end]);
                }
                else
                {
                    partial.Write(rest[..end]);
                    Remember(partial.WrittenSpan);
                    partial.ResetWrittenCount();
                }

                rest = rest[(end + 1)..];
            }

            partial.Write(rest);
        }

        // A line not ended (cut short by a crash, or being appended) is read again next time.
        _scanned = length - left - partial.WrittenCount;
        return partial.WrittenCount == 0;
    }

    private void Remember(ReadOnlySpan<byte> line)
    {
        if (EventIdOf(line) is { } id)
        {
            _written.Add(id);
        }
    }

    private static async Task<byte> LastByteAsync(FileStream stream, CancellationToken cancellationToken)
    {
        stream.Seek(-1, SeekOrigin.End);
        var last = new byte[1];
        await stream.ReadExactlyAsync(last, cancellationToken);
        return last[0];
    }

    private static Guid? EventIdOf(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.TryGetProperty("attributes", out var attributes)
                && attributes.TryGetProperty("event_id", out var id)
                && Guid.TryParse(id.GetString(), out var eventId)
                ? eventId
                : null;
        }
        catch (JsonException)
        {
            return null; // a line cut short by a crash: its event was never delivered
        }
    }

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

internal static class ByteLines
{
    /// <summary>The lines of <paramref name="bytes"/> (split at <c>\n</c>), without empty ones.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Split(this ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var end = bytes.Span.IndexOf((byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            bytes = end < 0 ? ReadOnlyMemory<byte>.Empty : bytes[(end + 1)..];
            if (!line.Span.Trim((byte)' ').IsEmpty)
            {
                yield return line;
            }
        }
    }

    public static IEnumerable<ReadOnlyMemory<byte>> Split(this Memory<byte> bytes) => ((ReadOnlyMemory<byte>)bytes).Split();
}

using System.Text;
using System.Text.Json;

namespace Stock.Infrastructure.Persistence;

/// <summary>
/// Rows as the JSON arrays of the dialect's bulk statements (<see cref="SqlDialect"/>), cut so that no text reaches the
/// large object heap (85,000 bytes, 42,500 characters): a statement's text of megabytes left its copies and the
/// serializer's doubling buffers there, which only a full collection frees, and a first sync at 100,000 products held
/// 100 MB of them dead in a 512 MiB instance (docs/decisions.md, D53). It keeps each statement far under MariaDB's
/// <c>max_allowed_packet</c> (16 MB by default) too.
/// </summary>
internal static class JsonBatches
{
    /// <summary>The characters of one text at most, unless one row alone is longer.</summary>
    public const int MaxChars = 40_000;

    /// <summary>The rows, as JSON arrays of whole rows in order, each of at most <see cref="MaxChars"/> characters.</summary>
    public static IEnumerable<string> Of<T>(IEnumerable<T> rows, JsonSerializerOptions? options = null)
    {
        // A StringBuilder grows by chunks of 8,000 characters at most, none of them large.
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            var json = JsonSerializer.Serialize(row, options);
            if (text.Length > 0 && text.Length + json.Length + 2 > MaxChars)
            {
                yield return text.Append(']').ToString();
                text.Clear();
            }

            text.Append(text.Length == 0 ? '[' : ',').Append(json);
        }

        if (text.Length > 0)
        {
            yield return text.Append(']').ToString();
        }
    }
}

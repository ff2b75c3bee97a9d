using System.Globalization;
using Stock.Domain.Products;

namespace Stock.Infrastructure.Persistence.Rows;

/// <summary>
/// The day records of one product as a check reads them (<see cref="SqlDialect.ReadSales"/>): one row per product, its
/// records packed by the database as <c>day,quantity,in_stock,stock</c> joined by <c>;</c>, the day counted from
/// 1970-01-01 and an unknown stock left empty. A check reads 60 days of tens of thousands of products, and read a row
/// per day the provider's per-row work dominated a no-change check (D37; measured in docs/performance.md).
/// </summary>
internal sealed class SaleDaysRow
{
    private static readonly int Epoch = new DateOnly(1970, 1, 1).DayNumber;

    public long ProductId { get; set; }
    public long Count { get; set; }
    public string Days { get; set; } = "";

    /// <summary>The records, in the order the database joined them.</summary>
    /// <exception cref="InvalidOperationException">The text holds fewer records than the database counted (cut at a length limit) or is malformed.</exception>
    public DayRecord[] Records()
    {
        var records = new DayRecord[Count];
        var read = 0;
        var text = Days.AsSpan();
        foreach (var part in text.Split(';'))
        {
            var fields = text[part];
            if (read == records.Length || !TryNext(ref fields, out var day) || !TryNext(ref fields, out var quantity) || !TryNext(ref fields, out var inStock))
            {
                throw Malformed();
            }

            int? stock = null;
            if (!fields.IsEmpty)
            {
                stock = int.TryParse(fields, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : throw Malformed();
            }

            records[read++] = new DayRecord(DateOnly.FromDayNumber(Epoch + day), quantity, inStock != 0, stock);
        }

        return read == records.Length ? records : throw Malformed();
    }

    private InvalidOperationException Malformed() => new(
        $"The stored days of product {ProductId} came back as {Days.Length} characters that do not hold the {Count} records the database counted " +
        "(on MySQL, raise group_concat_max_len); nothing was changed.");

    private static bool TryNext(ref ReadOnlySpan<char> fields, out int value)
    {
        var comma = fields.IndexOf(',');
        if (comma < 0 || !int.TryParse(fields[..comma], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            value = 0;
            return false;
        }

        fields = fields[(comma + 1)..];
        return true;
    }
}

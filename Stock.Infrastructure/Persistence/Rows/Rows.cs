using System.Globalization;
using Stock.Domain.Products;

namespace Stock.Infrastructure.Persistence.Rows;

// The tables (docs/contracts.md, Database) as EF Core rows. The domain never sees them: repositories map rows to
// aggregates (Product.Restore) and back, so that the domain stays free of persistence concerns.

internal sealed class LegalEntityRow
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public List<ApiKeyRow> Keys { get; set; } = [];
}

internal sealed class ApiKeyRow
{
    public long Id { get; set; }
    public Guid LegalEntityId { get; set; }
    public string Marketplace { get; set; } = "";
    public string? ClientId { get; set; }
    public string Secret { get; set; } = "";
    public DateOnly? SalesSyncedThrough { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastSuccessAt { get; set; }
    public DateTime? LastFailureAt { get; set; }
    public string? LastFailure { get; set; }
}

internal sealed class SkuRow
{
    public long Id { get; set; }
    public string Marketplace { get; set; } = "";
    public string Sku { get; set; } = "";
    public string VendorCode { get; set; } = "";
}

internal sealed class ProductRow
{
    public long Id { get; set; }
    public Guid LegalEntityId { get; set; }
    public long SkuId { get; set; }
    public SkuRow Sku { get; set; } = null!;
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";
    public int StockFbo { get; set; }
    public int StockFbs { get; set; }
    public string? Status { get; set; }
    public int ReplenishedLevel { get; set; }
    public DateOnly? CheckedOn { get; set; }
    public int Version { get; set; }
    public NotificationRow? Notification { get; set; }
}

internal sealed class SaleRow
{
    public long ProductId { get; set; }
    public DateOnly Date { get; set; }
    public int Quantity { get; set; }
    public bool InStock { get; set; }
    public int? Stock { get; set; }
}

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

internal sealed class NotificationRow
{
    public long ProductId { get; set; }
    public string? Band { get; set; }
    public DateOnly? NotifiedOn { get; set; }

    // The Ozon clusters alerted as low and not yet re-armed: cluster ids, comma-separated, ascending.
    public string? Clusters { get; set; }
}

internal sealed class OutboxMessageRow
{
    public long Id { get; set; }
    public Guid EventId { get; set; }
    public string EventType { get; set; } = "";
    public string DedupKey { get; set; } = "";
    public Guid LegalEntityId { get; set; }
    public string Payload { get; set; } = "";
    public string Attributes { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public int Status { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public string? Reason { get; set; }
    public Guid? ClaimedBy { get; set; }
    public DateTime? ClaimedUntil { get; set; }
}

internal sealed class CheckRunRow
{
    public Guid Id { get; set; }
    public Guid LegalEntityId { get; set; }
    public DateOnly BusinessDate { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string Outcome { get; set; } = "";
    public string Marketplaces { get; set; } = "";
    public int Products { get; set; }

    /// <summary>The alerts raised, by type: a JSON object <c>{"LowOnStock": 1, ...}</c> (one column, whatever the catalogue holds).</summary>
    public string Events { get; set; } = "{}";
}

internal sealed class LeaseRow
{
    public string Name { get; set; } = "";
    public Guid Holder { get; set; }
    public string HolderName { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
}

internal sealed class DedupKeyRow
{
    public string Key { get; set; } = "";
    public Guid EventId { get; set; }
    public DateTime ExpiresAt { get; set; }
}

internal sealed class SyncProgressRow
{
    public Guid LegalEntityId { get; set; }
    public string Marketplace { get; set; } = "";
    public DateOnly Since { get; set; }
    public string? Cursor { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class SyncOrderRow
{
    public Guid LegalEntityId { get; set; }
    public string Marketplace { get; set; } = "";
    public string Sku { get; set; } = "";
    public DateOnly Date { get; set; }
    public int Quantity { get; set; }
}

namespace Stock.Infrastructure.Persistence.Rows;

internal sealed class DedupKeyRow
{
    public string Key { get; set; } = "";
    public Guid EventId { get; set; }
    public DateTime ExpiresAt { get; set; }
}

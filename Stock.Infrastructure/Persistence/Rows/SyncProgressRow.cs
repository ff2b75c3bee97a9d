namespace Stock.Infrastructure.Persistence.Rows;

internal sealed class SyncProgressRow
{
    public Guid LegalEntityId { get; set; }
    public string Marketplace { get; set; } = "";
    public DateOnly Since { get; set; }
    public string? Cursor { get; set; }
    public DateTime UpdatedAt { get; set; }
}

namespace Stock.Infrastructure.Persistence.Rows;

internal sealed class SyncOrderRow
{
    public Guid LegalEntityId { get; set; }
    public string Marketplace { get; set; } = "";
    public string Sku { get; set; } = "";
    public DateOnly Date { get; set; }
    public int Quantity { get; set; }
}

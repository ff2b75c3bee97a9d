namespace Stock.Infrastructure.Persistence.Rows;

internal sealed class SaleRow
{
    public long ProductId { get; set; }
    public DateOnly Date { get; set; }
    public int Quantity { get; set; }
    public bool InStock { get; set; }
    public int? Stock { get; set; }
}

namespace Stock.Infrastructure.Persistence.Rows;

internal sealed class SkuRow
{
    public long Id { get; set; }
    public string Marketplace { get; set; } = "";
    public string Sku { get; set; } = "";
    public string VendorCode { get; set; } = "";
}

namespace Stock.Infrastructure.Persistence.Rows;

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
    public int InTransit { get; set; }

    // The marketplace's ids of the units the card's stock is kept under (WB chrtIDs), comma-separated; null where none are known.
    public string? StockUnits { get; set; }

    // Null while listed; else "trashed" or "gone" (CardListing).
    public string? Delisted { get; set; }

    // The product's own supply settings (stock rules set); null where the defaults apply.
    public int? ShipLeadDays { get; set; }
    public int? ReorderLeadDays { get; set; }
    public int? PackSize { get; set; }
    public bool SupplyOff { get; set; }
    public int Version { get; set; }
    public NotificationRow? Notification { get; set; }
}

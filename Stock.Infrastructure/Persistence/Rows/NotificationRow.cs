namespace Stock.Infrastructure.Persistence.Rows;

internal sealed class NotificationRow
{
    public long ProductId { get; set; }
    public string? Band { get; set; }
    public DateOnly? NotifiedOn { get; set; }

    // The Ozon clusters alerted as low and not yet re-armed: cluster ids, comma-separated, ascending.
    public string? Clusters { get; set; }

    // The supply memory: the business date each kind's depletion began, alerted and not yet re-armed.
    public DateOnly? ShipDueSince { get; set; }
    public DateOnly? ReorderDueSince { get; set; }
}

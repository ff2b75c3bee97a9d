namespace Stock.Infrastructure.Persistence.Rows;

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

namespace Stock.Infrastructure.Persistence.Rows;

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

    /// <summary>The alerts raised, by type: a JSON object of counts by the catalogue's names (one column, whatever the catalogue holds).</summary>
    public string Events { get; set; } = "{}";
}

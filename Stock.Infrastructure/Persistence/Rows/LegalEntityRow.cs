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

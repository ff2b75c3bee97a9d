namespace Stock.Infrastructure.Persistence.Rows;

internal sealed class ApiKeyRow
{
    public long Id { get; set; }
    public Guid LegalEntityId { get; set; }
    public string Marketplace { get; set; } = "";
    public string? ClientId { get; set; }
    public string Secret { get; set; } = "";
    public DateOnly? SalesSyncedThrough { get; set; }
    public string? CatalogueCursor { get; set; }
    public DateOnly? CatalogueReadOn { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastSuccessAt { get; set; }
    public DateTime? LastFailureAt { get; set; }
    public string? LastFailure { get; set; }
}

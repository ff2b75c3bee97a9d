using Stock.Domain.Products;

namespace Stock.Domain.Events;

/// <summary>What an alert says about a product: the stored product after the merge of this check.</summary>
/// <param name="LegalEntityId">The seller's legal entity.</param>
/// <param name="Sku">The product card.</param>
/// <param name="Name">The product name on the marketplace.</param>
/// <param name="Url">The product page.</param>
/// <param name="SalesForPeriod"><see cref="SalesWindow.SalesQuantity"/> of the 30-day window; the same for every event of one product in one check.</param>
/// <param name="StockFbo">Stock on marketplace warehouses.</param>
/// <param name="StockFbs">Stock on the seller's warehouses.</param>
/// <param name="Status">The product status after classification.</param>
/// <param name="BusinessDate">The business date of the check.</param>
public sealed record ProductAlert(
    Guid LegalEntityId,
    Sku Sku,
    string Name,
    string Url,
    long SalesForPeriod,
    int StockFbo,
    int StockFbs,
    ProductStatus Status,
    DateOnly BusinessDate)
{
    /// <summary>Total stock: FBO plus FBS.</summary>
    public int StockSum => StockFbo + StockFbs;
}

using Stock.Application.Ports;
using Stock.Domain.Products;

namespace Stock.Application.Checks;

/// <summary>Everything one check fetched from one marketplace, assembled into one <see cref="FetchedProduct"/> per sku.</summary>
internal static class FetchedCatalog
{
    /// <summary>
    /// Joins cards, stock and orders by sku id, lazily (each product as it is taken, so that a check holds only the
    /// batches it is storing). A sku without a stock row has 0 there; orders of skus that are not listed are left out; a
    /// card listed twice is taken once.
    /// </summary>
    public static IEnumerable<FetchedProduct> Assemble(
        IReadOnlyList<MarketplaceProduct> products,
        FboStock fbo,
        IReadOnlyDictionary<string, int> fbs,
        OrdersFold orders,
        IReadOnlySet<string>? fboNotAsked = null)
    {
        return products
            .DistinctBy(p => p.Sku.Id)
            .Select(p => FetchedProduct.FromDailyUnits(
                p.Sku,
                p.Name,
                fbo.Units.GetValueOrDefault(p.Sku.Id),
                fbs.GetValueOrDefault(p.Sku.Id),
                orders.Since,
                orders.Of(p.Sku.Id),
                p.Url,
                fbo.Clusters.GetValueOrDefault(p.Sku.Id)) with
                {
                    InTransit = fbo.InTransit.GetValueOrDefault(p.Sku.Id),
                    StockUnitIds = p.StockUnitIds,
                    FboStockRead = fboNotAsked?.Contains(p.Sku.Id) != true,
                });
    }
}

using Stock.Application.Ports;

namespace Stock.Application.Checks;

/// <summary>What a marketplace lists of a seller: the cards, and their stock on its warehouses and on the seller's.</summary>
/// <param name="Products">The cards.</param>
/// <param name="Fbo">Stock on the marketplace's warehouses.</param>
/// <param name="Fbs">Stock on the seller's warehouses.</param>
internal sealed record Catalogue(IReadOnlyList<MarketplaceProduct> Products, FboStock Fbo, IReadOnlyDictionary<string, int> Fbs);

/// <summary>The first part of a check: the cards, then their FBO and FBS stock, read concurrently.</summary>
internal sealed class CatalogueRead(IUnitOfWorkFactory units)
{
    public async Task<Catalogue> ReadAsync(IMarketplaceClient client, Guid legalEntityId, MarketplaceKey key, CancellationToken cancellationToken)
    {
        var products = await client.GetProductsAsync(key, cancellationToken);

        // A card the marketplace lists without FBO stock has none, and is not asked for it (Ozon: 100 skus a call, paced
        // a second apart), unless it was stored with some: then it is asked, so that running out is seen (D38).
        IReadOnlyList<MarketplaceProduct> askFbo = products;
        if (products.Any(p => p.HasFboStock == false))
        {
            IReadOnlySet<string> stocked;
            await using (var unit = units.Begin())
            {
                stocked = await unit.Products.SkusWithFboStockAsync(legalEntityId, client.Marketplace, cancellationToken);
            }

            askFbo = [.. products.Where(p => p.HasFboStock != false || stocked.Contains(p.Sku.Id))];
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var fbo = client.GetFboStockAsync(key, askFbo, stop.Token);
        var fbs = client.GetFbsStockAsync(key, products, stop.Token);
        await FirstFailure.WhenAllAsync(stop, fbo, fbs);
        return new Catalogue(products, await fbo, await fbs);
    }
}

using Stock.Domain;
using Stock.Domain.Products;

namespace Stock.Application.Ports;

/// <summary>A product card as the marketplace lists it.</summary>
/// <param name="Sku">The card: marketplace id and vendor code.</param>
/// <param name="Name">The product name.</param>
/// <param name="StockUnitIds">
/// The marketplace's own ids of the units the card's stock is kept under, for the adapter that reads FBS stock by them
/// (Wildberries: the <c>chrtID</c> of each size); empty where stock is kept by the sku (Ozon).
/// </param>
/// <param name="Url">The product page; when null, the public page of a Wildberries or Ozon card (another marketplace's adapter must give it).</param>
/// <param name="HasFboStock">
/// Whether the marketplace's product list says the card holds stock on its warehouses (Ozon's <c>has_fbo_stocks</c>);
/// null when the list does not say. A card listed without FBO stock is not asked for it, unless it was stored with some.
/// </param>
public sealed record MarketplaceProduct(Sku Sku, string Name, IReadOnlyList<long> StockUnitIds, string? Url = null, bool? HasFboStock = null);

/// <summary>Units ordered (not cancelled) of one sku on one business date.</summary>
/// <param name="SkuId">The marketplace id of the card.</param>
/// <param name="Date">The business date of the orders.</param>
/// <param name="Quantity">Units ordered.</param>
public sealed record DailyOrders(string SkuId, DateOnly Date, int Quantity);

/// <summary>One page of orders, folded: the units it adds per sku and business date, and where the next page starts.</summary>
/// <param name="Units">Units this page adds per sku and business date (a sku and date may come again on later pages).</param>
/// <param name="Cursor">Where the page after this one starts, to resume a cut sync there; null when the source cannot resume.</param>
public sealed record OrdersPage(IReadOnlyList<DailyOrders> Units, string? Cursor);

/// <summary>Stock on marketplace warehouses: units per sku id, and per cluster where the marketplace stocks by cluster (Ozon).</summary>
/// <param name="Units">Units per sku id; a sku without stock may be absent (it counts as 0).</param>
/// <param name="Clusters">Stock per cluster per sku id; empty where the marketplace does not report clusters.</param>
public sealed record FboStock(IReadOnlyDictionary<string, int> Units, IReadOnlyDictionary<string, IReadOnlyList<ClusterStock>> Clusters)
{
    /// <summary>
    /// Units on their way to the marketplace's warehouses per sku id (shipped or requested, not yet accepted); a sku
    /// absent has none, or the marketplace does not say.
    /// </summary>
    public IReadOnlyDictionary<string, int> InTransit { get; init; } = new Dictionary<string, int>();

    /// <summary>Units per sku id, with nothing known per cluster.</summary>
    public static FboStock Of(IReadOnlyDictionary<string, int> units) => new(units, new Dictionary<string, IReadOnlyList<ClusterStock>>());
}

/// <summary>Where a stored card stands in the marketplace's catalogue, as the last check saw it.</summary>
public enum CardListing
{
    /// <summary>Listed: a check reads its stock and merges it.</summary>
    Listed = 0,

    /// <summary>In the marketplace's trash (Wildberries): not listed, and may come back.</summary>
    Trashed = 1,

    /// <summary>Neither listed nor in the trash: deleted, or not on the storefront any more.</summary>
    Gone = 2,
}

/// <summary>A stored card as the next check starts from it.</summary>
/// <param name="Card">The card, with its stock units, as last stored.</param>
/// <param name="Listing">Where it stood in the catalogue.</param>
public sealed record StoredCard(MarketplaceProduct Card, CardListing Listing);

/// <summary>
/// What a marketplace lists of a seller's cards: all of them, or those changed since a position the marketplace gave
/// (docs/decisions.md, D51).
/// </summary>
/// <param name="Products">Every listed card when <paramref name="Complete"/>; else the cards changed or added since.</param>
/// <param name="Complete">Whether <paramref name="Products"/> is the whole catalogue.</param>
/// <param name="Trashed">The sku ids of the cards in the marketplace's trash (every one of them, in both cases).</param>
/// <param name="Cursor">The position after the last card read, from which the next check reads the changes; null when the marketplace cannot say.</param>
public sealed record ProductListing(IReadOnlyList<MarketplaceProduct> Products, bool Complete, IReadOnlySet<string> Trashed, string? Cursor)
{
    /// <summary>The whole catalogue, with no trash and no position: what a marketplace that cannot list changes gives.</summary>
    public static ProductListing Whole(IReadOnlyList<MarketplaceProduct> products) => new(products, Complete: true, new HashSet<string>(), Cursor: null);
}

/// <summary>
/// Reads one marketplace for one seller. Implementations page, batch and rate-limit as the marketplace requires and
/// throw <see cref="MarketplaceException"/> (never showing the key) when the marketplace fails.
/// </summary>
public interface IMarketplaceClient
{
    /// <summary>The marketplace this client reads.</summary>
    Marketplace Marketplace { get; }

    /// <summary>
    /// Whether FBO stock is asked product by product at a paced rate (Ozon: 100 skus a call, a call a second), so that a
    /// check leaves out the quiet products whose FBO stock it cannot need (D52); false where one report covers them all.
    /// </summary>
    bool AsksFboStockPerProduct => false;

    /// <summary>Every product card of the seller.</summary>
    Task<IReadOnlyList<MarketplaceProduct>> GetProductsAsync(MarketplaceKey key, CancellationToken cancellationToken);

    /// <summary>
    /// The seller's cards: with <paramref name="changedSince"/> (a <see cref="ProductListing.Cursor"/> this client gave),
    /// only those changed since, where the marketplace can say; else, or where it cannot, all of them
    /// (<see cref="GetProductsAsync"/>).
    /// </summary>
    async Task<ProductListing> ListProductsAsync(MarketplaceKey key, string? changedSince, CancellationToken cancellationToken) =>
        ProductListing.Whole(await GetProductsAsync(key, cancellationToken));

    /// <summary>
    /// Stock on marketplace warehouses per sku id (and per cluster, where the marketplace reports clusters) of
    /// <paramref name="products"/>; a sku without stock may be absent (it counts as 0).
    /// </summary>
    Task<FboStock> GetFboStockAsync(MarketplaceKey key, IReadOnlyList<MarketplaceProduct> products, CancellationToken cancellationToken);

    /// <summary>Stock on the seller's warehouses per sku id; a sku without stock may be absent (it counts as 0).</summary>
    Task<IReadOnlyDictionary<string, int>> GetFbsStockAsync(MarketplaceKey key, IReadOnlyList<MarketplaceProduct> products, CancellationToken cancellationToken);

    /// <summary>
    /// Orders for the business dates from <paramref name="since"/> on, page by page as they arrive, each folded into
    /// units per sku and date (never every raw order in memory). <paramref name="after"/> resumes after the page whose
    /// <see cref="OrdersPage.Cursor"/> it is.
    /// </summary>
    IAsyncEnumerable<OrdersPage> ReadDailyOrdersAsync(MarketplaceKey key, DateOnly since, string? after, CancellationToken cancellationToken);
}

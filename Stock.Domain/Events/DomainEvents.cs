using Stock.Domain.Products;
using Stock.Domain.Rules;

namespace Stock.Domain.Events;

/// <summary>An event raised by the <see cref="Products.Product"/> aggregate and collected by the unit of work.</summary>
public interface IDomainEvent
{
    /// <summary>The deterministic identity and deduplication key.</summary>
    EventIdentity Identity { get; }

    /// <summary>The event type on the wire: <c>LowOnStock</c>, <c>StockFBOOver</c>, <c>StockFBOReceived</c> or <c>StockClusterLow</c>.</summary>
    string EventType { get; }

    /// <summary>The product the event is about.</summary>
    ProductAlert Product { get; }
}

/// <summary>The product's low-on-stock ratio reached a more urgent band.</summary>
public sealed record LowOnStock : IDomainEvent
{
    /// <summary>The event type on the wire.</summary>
    public const string TypeName = "LowOnStock";

    /// <summary>Creates the event and its deterministic identity.</summary>
    /// <param name="product">The product.</param>
    /// <param name="band">The band reached.</param>
    /// <param name="daysOfCover">Days the stock lasts at the sales window's rate, one decimal; null when nothing sells.</param>
    /// <param name="recommendedSupply">Units that bring the stock to the target cover (0 when covered).</param>
    public LowOnStock(ProductAlert product, LowStockBand band, decimal? daysOfCover = null, int recommendedSupply = 0)
    {
        ArgumentNullException.ThrowIfNull(product);
        Product = product;
        Band = band;
        DaysOfCover = daysOfCover;
        RecommendedSupply = recommendedSupply;
        Identity = EventIdentity.Create(TypeName, product.LegalEntityId, product.Sku, band.ToWire(), product.BusinessDate);
    }

    /// <inheritdoc />
    public EventIdentity Identity { get; }

    /// <inheritdoc />
    public string EventType => TypeName;

    /// <inheritdoc />
    public ProductAlert Product { get; }

    /// <summary>The band reached; its <see cref="LowStockBandNames.StatusNotification"/> goes on the wire.</summary>
    public LowStockBand Band { get; }

    /// <summary>Days the stock lasts at the rate of the sales window that fired the band, one decimal; null when nothing sells.</summary>
    public decimal? DaysOfCover { get; }

    /// <summary>Units that bring the stock to <c>TargetCoverDays</c> of cover at that rate; 0 when already covered.</summary>
    public int RecommendedSupply { get; }
}

/// <summary>FBO stock fell below the threshold: it is running out or gone on marketplace warehouses.</summary>
public sealed record StockFboOver : IDomainEvent
{
    /// <summary>The event type on the wire.</summary>
    public const string TypeName = "StockFBOOver";

    /// <summary>Creates the event and its deterministic identity.</summary>
    public StockFboOver(ProductAlert product)
    {
        ArgumentNullException.ThrowIfNull(product);
        Product = product;
        Identity = EventIdentity.Create(TypeName, product.LegalEntityId, product.Sku, "over", product.BusinessDate);
    }

    /// <inheritdoc />
    public EventIdentity Identity { get; }

    /// <inheritdoc />
    public string EventType => TypeName;

    /// <inheritdoc />
    public ProductAlert Product { get; }
}

/// <summary>FBO stock rose to the threshold or above: a supply arrived on marketplace warehouses.</summary>
public sealed record StockFboReceived : IDomainEvent
{
    /// <summary>The event type on the wire.</summary>
    public const string TypeName = "StockFBOReceived";

    /// <summary>Creates the event and its deterministic identity.</summary>
    public StockFboReceived(ProductAlert product)
    {
        ArgumentNullException.ThrowIfNull(product);
        Product = product;
        Identity = EventIdentity.Create(TypeName, product.LegalEntityId, product.Sku, "received", product.BusinessDate);
    }

    /// <inheritdoc />
    public EventIdentity Identity { get; }

    /// <inheritdoc />
    public string EventType => TypeName;

    /// <inheritdoc />
    public ProductAlert Product { get; }
}

/// <summary>
/// An Ozon cluster where the product sells has fewer than <c>ClusterCoverDays</c> days of FBO stock: the region it
/// serves loses orders while the total stock may look fine.
/// </summary>
public sealed record StockClusterLow : IDomainEvent
{
    /// <summary>The event type on the wire.</summary>
    public const string TypeName = "StockClusterLow";

    /// <summary>Creates the event and its deterministic identity (one per product, cluster and business date).</summary>
    /// <param name="product">The product.</param>
    /// <param name="cluster">The cluster that runs low.</param>
    public StockClusterLow(ProductAlert product, ClusterStock cluster)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(cluster);
        Product = product;
        Cluster = cluster;
        Identity = EventIdentity.Create(
            TypeName, product.LegalEntityId, product.Sku, "cluster:" + cluster.ClusterId.ToString(System.Globalization.CultureInfo.InvariantCulture), product.BusinessDate);
    }

    /// <inheritdoc />
    public EventIdentity Identity { get; }

    /// <inheritdoc />
    public string EventType => TypeName;

    /// <inheritdoc />
    public ProductAlert Product { get; }

    /// <summary>The cluster, with its stock and daily sales.</summary>
    public ClusterStock Cluster { get; }
}

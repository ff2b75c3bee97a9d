namespace Stock.Domain.Products;

/// <summary>
/// FBO stock of one product in one Ozon cluster (the warehouses that serve one region), as Ozon reports it with the
/// cluster's average daily sales over 28 days.
/// </summary>
public sealed record ClusterStock
{
    /// <summary>The longest cluster name kept; a longer one is cut.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Creates a cluster's stock.</summary>
    /// <param name="clusterId">Ozon's <c>cluster_id</c>.</param>
    /// <param name="clusterName">Ozon's <c>cluster_name</c>; the id stands in when it is empty.</param>
    /// <param name="stock">Units available for sale in the cluster (<c>available_stock_count</c> over its warehouses).</param>
    /// <param name="ads">Average daily sales in the cluster over 28 days (<c>ads_cluster</c>).</param>
    /// <exception cref="DomainException">The stock or the daily sales is negative, or the daily sales is not a number.</exception>
    public ClusterStock(long clusterId, string? clusterName, int stock, decimal ads)
    {
        if (stock < 0)
        {
            throw new DomainException($"Stock in cluster {clusterId} cannot be negative ({stock}).");
        }

        if (ads < 0)
        {
            throw new DomainException($"Daily sales in cluster {clusterId} cannot be negative ({ads}).");
        }

        var name = string.IsNullOrWhiteSpace(clusterName) ? clusterId.ToString(System.Globalization.CultureInfo.InvariantCulture) : clusterName.Trim();
        ClusterId = clusterId;
        ClusterName = name.Length > MaxNameLength ? name[..MaxNameLength] : name;
        Stock = stock;
        Ads = ads;
    }

    /// <summary>Ozon's <c>cluster_id</c>.</summary>
    public long ClusterId { get; }

    /// <summary>Ozon's <c>cluster_name</c>.</summary>
    public string ClusterName { get; }

    /// <summary>Units available for sale in the cluster.</summary>
    public int Stock { get; }

    /// <summary>Average daily sales in the cluster over 28 days.</summary>
    public decimal Ads { get; }

    /// <summary>Whether the product sells in the cluster (<see cref="Ads"/> above 0).</summary>
    public bool Sells => Ads > 0;

    /// <summary>Days the cluster's stock lasts at its daily sales, one decimal; null where the product does not sell.</summary>
    public decimal? DaysOfCover => Sells ? Math.Round(Stock / Ads, 1, MidpointRounding.AwayFromZero) : null;
}

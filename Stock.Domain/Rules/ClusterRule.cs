using Stock.Domain.Products;

namespace Stock.Domain.Rules;

/// <summary>
/// The Ozon cluster rule: a cluster where the product sells and whose stock covers fewer than
/// <see cref="RuleOptions.ClusterCoverDays"/> days is low. A low cluster is alerted once when it becomes low and
/// remembered; it is re-armed when it is replenished (its cover reaches the threshold again, or it has stock while it
/// sells nothing). A cluster that is absent from a fetch keeps its memory: nothing is known about it.
/// </summary>
public static class ClusterRule
{
    /// <summary>Whether <paramref name="cluster"/> is low: it sells, and its stock lasts fewer than the threshold's days.</summary>
    public static bool IsLow(ClusterStock cluster, RuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        return options.ClusterCoverDays > 0 && cluster.Sells && cluster.Stock < cluster.Ads * options.ClusterCoverDays;
    }

    /// <summary>
    /// The clusters to alert now, and the memory to keep: the ids of the clusters alerted and not yet re-armed.
    /// </summary>
    /// <param name="notified">The ids remembered by the previous check.</param>
    /// <param name="clusters">The clusters fetched now.</param>
    /// <param name="options">The rule settings; a <see cref="RuleOptions.ClusterCoverDays"/> of 0 turns the rule off.</param>
    public static (IReadOnlyList<ClusterStock> Alert, IReadOnlySet<long> Remember) Decide(
        IReadOnlySet<long> notified,
        IReadOnlyList<ClusterStock> clusters,
        RuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(notified);
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(options);
        var remember = new SortedSet<long>(notified);
        var alert = new List<ClusterStock>();
        foreach (var cluster in clusters.DistinctBy(c => c.ClusterId))
        {
            if (IsLow(cluster, options))
            {
                if (remember.Add(cluster.ClusterId))
                {
                    alert.Add(cluster);
                }
            }
            else if (cluster.Sells || cluster.Stock > 0)
            {
                // Replenished: enough cover again, or stock where nothing sold lately (28 days at zero sell nothing).
                remember.Remove(cluster.ClusterId);
            }
        }

        return (alert, remember);
    }
}

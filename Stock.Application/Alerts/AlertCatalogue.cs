using Stock.Domain.Health;

namespace Stock.Application.Alerts;

/// <summary>Where a type of event is published: the key under <c>Stock:PubSub:Topics</c> that names the topic, and its default.</summary>
/// <param name="Setting">The key under <c>Stock:PubSub:Topics</c>, e.g. <c>LowOnStock</c>.</param>
/// <param name="Default">The topic when the setting is not given, e.g. <c>low_on_stock</c>.</param>
public sealed record AlertTopic(string Setting, string Default);

/// <summary>One type of alert about a product: its name on the wire (<c>event_type</c>) and its topic.</summary>
/// <param name="Name">The event type on the wire, e.g. <c>LowOnStock</c>.</param>
/// <param name="Topic">Where it is published.</param>
public sealed record AlertType(string Name, AlertTopic Topic);

/// <summary>
/// The catalogue of the alerts Stock raises about products, in the order the contracts list them (docs/events.md). The
/// counts of a check and of its run, the tables of the console, the function's answer, the topics of the relay and of
/// the readiness check all derive from it. An alert type is its rule in <c>Stock.Domain</c>, its entry here and its
/// payload in <see cref="Checks.AlertMessages"/> (docs/architecture.md, "Add an alert").
/// </summary>
public static class AlertCatalogue
{
    /// <summary>Every product alert, in the contracts' order.</summary>
    public static IReadOnlyList<AlertType> All { get; } =
    [
        new("LowOnStock", new("LowOnStock", "low_on_stock")),
        new("StockFBOOver", new("StockFboOver", "fbo_over")),
        new("StockFBOReceived", new("StockFboReceived", "fbo_received")),
        new("StockClusterLow", new("ClusterLow", "cluster_low")),
        new("SupplyDue", new("SupplyDue", "supply_due")),
    ];

    /// <summary>The topic of the health events (<c>MarketplaceAccessLost</c>, <c>MarketplaceKeyExpiring</c>): about a key, not a product, and not counted as alerts.</summary>
    public static AlertTopic HealthTopic { get; } = new("Health", "stock_health");

    /// <summary>Every topic Stock publishes to, each once.</summary>
    public static IReadOnlyList<AlertTopic> Topics { get; } = All.Select(a => a.Topic).Append(HealthTopic).Distinct().ToArray();

    /// <summary>The position of <paramref name="eventType"/> in <see cref="All"/>, or -1 when it is no product alert.</summary>
    public static int IndexOf(string eventType)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i].Name, eventType, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The topic of any event Stock publishes, product alert or health event.</summary>
    /// <exception cref="ArgumentException">Stock publishes no event of that type.</exception>
    public static AlertTopic TopicOf(string eventType) => IndexOf(eventType) is var index and >= 0
        ? All[index].Topic
        : eventType is MarketplaceAccessLost.TypeName or MarketplaceKeyExpiring.TypeName
            ? HealthTopic
            : throw new ArgumentException($"No topic for event type '{eventType}'.", nameof(eventType));
}

namespace Stock.Infrastructure.PubSub;

/// <summary>Google Pub/Sub, bound from <c>Stock:PubSub</c> (or the original's <c>PROJECT_ID</c> and <c>PUBSUB_EMULATOR_HOST</c>).</summary>
public sealed class PubSubOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Stock:PubSub";

    /// <summary>The Google Cloud project; empty: events go to the JSON-lines file instead.</summary>
    public string ProjectId { get; set; } = string.Empty;

    /// <summary>The emulator's <c>host:port</c>; set, Stock talks to it over plain HTTP with no credentials.</summary>
    public string EmulatorHost { get; set; } = string.Empty;

    /// <summary>The Pub/Sub REST endpoint (<c>https://pubsub.googleapis.com/</c>).</summary>
    public Uri Endpoint { get; set; } = new("https://pubsub.googleapis.com/");

    /// <summary>The topic of each event type.</summary>
    public PubSubTopics Topics { get; set; } = new();

    /// <summary>Messages per publish call (at most 1000 by Pub/Sub's limits; a call is also cut before 9 MB).</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Retries of a publish after 429, 5xx or a network error.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>How long one publish attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The base URL calls go to: the emulator when set, else <see cref="Endpoint"/>.</summary>
    public Uri BaseUrl => string.IsNullOrWhiteSpace(EmulatorHost) ? Endpoint : new Uri($"http://{EmulatorHost.Trim()}/");

    /// <summary>The topic of <paramref name="eventType"/>.</summary>
    public string TopicOf(string eventType) => eventType switch
    {
        "LowOnStock" => Topics.LowOnStock,
        "StockFBOOver" => Topics.StockFboOver,
        "StockFBOReceived" => Topics.StockFboReceived,
        "StockClusterLow" => Topics.ClusterLow,
        "MarketplaceAccessLost" or "MarketplaceKeyExpiring" => Topics.Health,
        _ => throw new ArgumentException($"No topic for event type '{eventType}'.", nameof(eventType)),
    };
}

/// <summary>The topics of docs/events.md.</summary>
public sealed class PubSubTopics
{
    /// <summary>Topic of <c>LowOnStock</c>.</summary>
    public string LowOnStock { get; set; } = "low_on_stock";

    /// <summary>Topic of <c>StockFBOOver</c>.</summary>
    public string StockFboOver { get; set; } = "fbo_over";

    /// <summary>Topic of <c>StockFBOReceived</c>.</summary>
    public string StockFboReceived { get; set; } = "fbo_received";

    /// <summary>Topic of <c>StockClusterLow</c> (an Ozon cluster where a product sells runs low).</summary>
    public string ClusterLow { get; set; } = "cluster_low";

    /// <summary>Topic of the health events <c>MarketplaceAccessLost</c> and <c>MarketplaceKeyExpiring</c> (docs/events.md).</summary>
    public string Health { get; set; } = "stock_health";
}

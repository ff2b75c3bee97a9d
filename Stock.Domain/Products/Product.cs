using Stock.Domain.Events;
using Stock.Domain.Rules;
using Stock.Domain.Supply;

namespace Stock.Domain.Products;

/// <summary>
/// One sku of one legal entity: stock on both kinds of warehouse and in transit, status, replenished level, the memory
/// of its alerts (band, clusters, supply) and daily history. Each check merges what it fetched (<see cref="Create"/> or
/// <see cref="Merge"/>), which classifies the product, applies the low-on-stock, FBO, cluster and supply rules
/// (docs/domain.md) and records the events they raise; the unit of work that saves it collects them
/// (<see cref="PullEvents"/>).
/// </summary>
public sealed class Product
{
    private readonly List<IDomainEvent> _events = [];
    private IReadOnlySet<long> _lowClusters = new SortedSet<long>();

    private Product(Guid legalEntityId, Sku sku, string name, string url, DailyHistory history)
    {
        LegalEntityId = legalEntityId;
        Sku = sku;
        Name = name;
        Url = url;
        History = history;
    }

    /// <summary>The legal entity that sells the product.</summary>
    public Guid LegalEntityId { get; }

    /// <summary>The product card; its vendor code follows the marketplace.</summary>
    public Sku Sku { get; private set; }

    /// <summary>The name on the marketplace, updated every check.</summary>
    public string Name { get; private set; }

    /// <summary>The product page, updated every check.</summary>
    public string Url { get; private set; }

    /// <summary>The marketplace's ids of the units the card's stock is kept under (sizes on Wildberries), updated every check.</summary>
    public IReadOnlyList<long> StockUnitIds { get; private set; } = [];

    /// <summary>Stock on marketplace warehouses at the last check.</summary>
    public int StockFbo { get; private set; }

    /// <summary>Stock on the seller's warehouses at the last check.</summary>
    public int StockFbs { get; private set; }

    /// <summary>Total stock: FBO plus FBS.</summary>
    public int Stock => StockFbo + StockFbs;

    /// <summary>The status; null only for a product that was never classified.</summary>
    public ProductStatus? Status { get; private set; }

    /// <summary>The stock level just after the last increase (the original's <c>pre_replenishment_inventory</c>).</summary>
    public int ReplenishedLevel { get; private set; }

    /// <summary>The band last alerted and not yet re-armed (the band memory).</summary>
    public LowStockBand? NotifiedBand { get; private set; }

    /// <summary>The business date on which <see cref="NotifiedBand"/> was alerted.</summary>
    public DateOnly? NotifiedOn { get; private set; }

    /// <summary>The Ozon clusters alerted as low and not yet re-armed (the cluster memory), by <c>cluster_id</c>.</summary>
    public IReadOnlySet<long> LowClusters => _lowClusters;

    /// <summary>Units on their way to the marketplace's warehouses at the last check.</summary>
    public int InTransit { get; private set; }

    /// <summary>The product's own supply settings (<c>stock rules set</c>); <see cref="SupplySettings.None"/> when the defaults apply.</summary>
    public SupplySettings SupplySettings { get; private set; } = SupplySettings.None;

    /// <summary>The business date a <c>ship</c> depletion began, alerted and not yet re-armed (the supply memory).</summary>
    public DateOnly? ShipDueSince { get; private set; }

    /// <summary>The business date a <c>reorder</c> depletion began, alerted and not yet re-armed.</summary>
    public DateOnly? ReorderDueSince { get; private set; }

    /// <summary>The business date of the last check that merged into this product.</summary>
    public DateOnly? CheckedOn { get; private set; }

    /// <summary>The daily history loaded or merged (only the days the rules need are loaded).</summary>
    public DailyHistory History { get; }

    /// <summary>The sales window computed by the last check; null for a restored product not yet checked again.</summary>
    public SalesWindow? Sales { get; private set; }

    /// <summary>Creates a product seen for the first time and applies the rules (no FBO event: nothing to compare with).</summary>
    public static Product Create(Guid legalEntityId, FetchedProduct fetched, DateOnly today, RuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(fetched);
        var product = new Product(legalEntityId, fetched.Sku, fetched.Name, fetched.Url, new DailyHistory());
        product.Apply(fetched, today, options, previous: null);
        return product;
    }

    /// <summary>Rebuilds a stored product, with the part of its history that was loaded. Raises nothing.</summary>
    public static Product Restore(ProductState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.StockFbo < 0 || state.StockFbs < 0 || state.ReplenishedLevel < 0)
        {
            throw new DomainException($"Stored product {state.Sku} has a negative stock or replenished level.");
        }

        return new Product(state.LegalEntityId, state.Sku, state.Name, state.Url, new DailyHistory(state.Days))
        {
            StockFbo = state.StockFbo,
            StockFbs = state.StockFbs,
            Status = state.Status,
            ReplenishedLevel = state.ReplenishedLevel,
            NotifiedBand = state.NotifiedBand,
            NotifiedOn = state.NotifiedOn,
            CheckedOn = state.CheckedOn,
            _lowClusters = new SortedSet<long>(state.LowClusters),
            InTransit = state.InTransit,
            SupplySettings = state.SupplySettings ?? SupplySettings.None,
            ShipDueSince = state.ShipDueSince,
            ReorderDueSince = state.ReorderDueSince,
            StockUnitIds = state.StockUnitIds,
        };
    }

    /// <summary>
    /// Merges a later fetch of the same sku: name, URL and stock follow the marketplace, the replenished level rises
    /// with a replenishment (which also re-arms the band memory), day records merge by date; then the product is
    /// classified and the low-on-stock and FBO rules raise their events.
    /// </summary>
    public void Merge(FetchedProduct fetched, DateOnly today, RuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(fetched);
        if (fetched.Sku.Marketplace != Sku.Marketplace || fetched.Sku.Id != Sku.Id)
        {
            throw new DomainException($"Cannot merge {fetched.Sku} into product {Sku}.");
        }

        if (CheckedOn is { } last && today < last)
        {
            throw new DomainException($"Product {Sku} was checked on {last:yyyy-MM-dd}; a check of {today:yyyy-MM-dd} is in its past.");
        }

        Apply(fetched, today, options, previous: (StockFbo, Stock));
    }

    /// <summary>The events raised since the last call, in the order raised; clears them.</summary>
    public IReadOnlyList<IDomainEvent> PullEvents()
    {
        var events = _events.ToArray();
        _events.Clear();
        return events;
    }

    private void Apply(FetchedProduct fetched, DateOnly today, RuleOptions options, (int Fbo, int Stock)? previous)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Orders dated after the business date (a check that runs across midnight) belong to a day that has not
        // started for this check: they are not merged, and the next check's overlap fetches them again.
        Sku = fetched.Sku;
        Name = fetched.Name;
        Url = fetched.Url;
        StockUnitIds = fetched.StockUnitIds;
        if (fetched.FboStockRead || previous is null)
        {
            StockFbo = fetched.StockFbo;
            InTransit = fetched.InTransit;
        }

        StockFbs = fetched.StockFbs;
        CheckedOn = today;

        var replenished = previous is { } before && Stock > before.Stock;
        if (previous is null || replenished)
        {
            // Docs/decisions.md D2: the level just after the last increase, even when that is below an earlier level.
            ReplenishedLevel = Stock;
        }

        if (replenished)
        {
            NotifiedBand = null;
        }

        foreach (var day in fetched.DayRecords(today, History))
        {
            History.Merge(day);
        }

        Status = ProductClassifier.Classify(Status, History, today);
        Sales = SalesWindow.Compute(History, Stock, today, options.SalesWindowDays);
        var alert = new ProductAlert(LegalEntityId, Sku, Name, Url, Sales.SalesQuantity, StockFbo, StockFbs, Status.Value, today);

        var ratio = LowStockPolicy.Ratio(Status.Value, Stock, Sales.SalesQuantity, ReplenishedLevel, options);
        var band = ratio is { } r ? LowStockPolicy.BandOf(r, Status.Value) : null;
        var (alertBand, remember) = LowStockPolicy.Decide(NotifiedBand, band, inRange: ratio is not null);
        NotifiedBand = remember;
        if (alertBand is { } raised)
        {
            NotifiedOn = today;
            var cover = Sales.SalesQuantity == 0 ? (decimal?)null : Math.Round(Stock / Sales.DailyRate, 1, MidpointRounding.AwayFromZero);
            _events.Add(new LowOnStock(alert, raised, cover, Sales.RecommendedSupply(options.TargetCoverDays)));
        }

        switch (FboRule.Crossing(previous?.Fbo, StockFbo, options))
        {
            case FboDirection.Over:
                _events.Add(new StockFboOver(alert));
                break;
            case FboDirection.Received:
                _events.Add(new StockFboReceived(alert));
                break;
        }

        var (lowClusters, rememberClusters) = ClusterRule.Decide(_lowClusters, fetched.Clusters, options);
        _lowClusters = rememberClusters;
        _events.AddRange(lowClusters.Select(cluster => new StockClusterLow(alert, cluster)));

        ApplySupplyRule(alert, today, options);
    }

    // docs/domain.md, "Supply rule": each kind raised once per depletion, re-armed when it is no longer due.
    private void ApplySupplyRule(ProductAlert alert, DateOnly today, RuleOptions options)
    {
        var forecast = SupplySettings.Off || !options.Supply.Enabled ? null : DemandForecast.Of(History, Status!.Value, today);
        ShipDueSince = Decide(SupplyKind.Ship, ShipDueSince, SupplySettings.ShipLeadTimeDays ?? options.Supply.ShipLeadTimeOf(Sku.Marketplace));
        ReorderDueSince = Decide(SupplyKind.Reorder, ReorderDueSince, SupplySettings.ReorderLeadTimeDays ?? options.Supply.ReorderLeadTimeDays);

        DateOnly? Decide(SupplyKind kind, DateOnly? since, int leadTimeDays)
        {
            var need = SupplyRule.Need(kind, forecast, StockFbo, StockFbs, InTransit, today, leadTimeDays, options.TargetCoverDays, SupplySettings.PackSize ?? 1, options.Supply.ServiceLevel);
            if (need is null)
            {
                return null;
            }

            if (since is null)
            {
                _events.Add(new SupplyDue(alert, need, forecast!.PerDay, InTransit, cycle: today));
            }

            return since ?? today;
        }
    }

    /// <summary>
    /// The date by which a supply must ship so that the marketplace's warehouses do not run out: the day FBO and stock
    /// in transit run out at the forecast, less the ship lead time, never before <paramref name="today"/>; null without
    /// a forecast, or with the supply rule off for it.
    /// </summary>
    public DateOnly? ShipBy(DateOnly today, RuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (SupplySettings.Off || !options.Supply.Enabled || Status is not { } status || DemandForecast.Of(History, status, today) is not { PerDay: > 0 } forecast)
        {
            return null;
        }

        var lead = SupplySettings.ShipLeadTimeDays ?? options.Supply.ShipLeadTimeOf(Sku.Marketplace);
        return SupplyRule.ActBy(StockFbo + InTransit, forecast.PerDay, today, lead);
    }
}

/// <summary>A stored product, as the repository loads it, for <see cref="Product.Restore"/>.</summary>
/// <param name="LegalEntityId">The legal entity that sells the product.</param>
/// <param name="Sku">The product card.</param>
/// <param name="Name">The stored name.</param>
/// <param name="Url">The stored product page.</param>
/// <param name="StockFbo">Stored FBO stock.</param>
/// <param name="StockFbs">Stored FBS stock.</param>
/// <param name="Status">Stored status, or null.</param>
/// <param name="ReplenishedLevel">Stored replenished level.</param>
/// <param name="NotifiedBand">Stored band memory.</param>
/// <param name="NotifiedOn">When the band was alerted.</param>
/// <param name="CheckedOn">The business date of the last check.</param>
/// <param name="Days">The loaded day records.</param>
public sealed record ProductState(
    Guid LegalEntityId,
    Sku Sku,
    string Name,
    string Url,
    int StockFbo,
    int StockFbs,
    ProductStatus? Status,
    int ReplenishedLevel,
    LowStockBand? NotifiedBand,
    DateOnly? NotifiedOn,
    DateOnly? CheckedOn,
    IReadOnlyCollection<DayRecord> Days)
{
    /// <summary>The stored cluster memory: ids of the Ozon clusters alerted as low and not yet re-armed.</summary>
    public IReadOnlyCollection<long> LowClusters { get; init; } = [];

    /// <summary>Stored stock in transit.</summary>
    public int InTransit { get; init; }

    /// <summary>The product's own supply settings; null for none.</summary>
    public SupplySettings? SupplySettings { get; init; }

    /// <summary>The stored supply memory of <c>ship</c>.</summary>
    public DateOnly? ShipDueSince { get; init; }

    /// <summary>The stored supply memory of <c>reorder</c>.</summary>
    public DateOnly? ReorderDueSince { get; init; }

    /// <summary>The stored ids of the units the card's stock is kept under.</summary>
    public IReadOnlyList<long> StockUnitIds { get; init; } = [];
}

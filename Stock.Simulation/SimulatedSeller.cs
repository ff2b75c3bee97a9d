using Bogus;

namespace Stock.Simulation;

/// <summary>
/// One seller on the simulated marketplaces: its keys, its catalog on each marketplace, stock on both kinds of
/// warehouse, and order history. Tests and the demo change it between checks. Thread-safe.
/// </summary>
public sealed class SimulatedSeller
{
    private readonly Lock _lock = new();
    // By nmID: a 100,000-card seller looks one up for each of its millions of orders.
    private readonly Dictionary<long, WbCard> _wbCards = [];
    private WbCard[]? _wbCardIndex;
    private readonly List<(WbCard Card, DateTimeOffset TrashedAt)> _wbTrash = [];
    private readonly Dictionary<long, int> _wbFbo = [];
    private readonly Dictionary<long, int> _wbFbs = [];
    private readonly List<WbOrderRow> _wbOrders = [];
    private WbOrderRow[]? _wbOrderIndex;
    private readonly List<WbSupplyRow> _wbSupplies = [];
    private readonly Dictionary<long, int> _ozonTransit = [];
    private readonly List<OzonProduct> _ozonProducts = [];
    private readonly Dictionary<long, int> _ozonFbo = [];
    private readonly Dictionary<long, (int Present, int Reserved)> _ozonFbs = [];
    private readonly List<OzonPosting> _ozonPostings = [];
    private readonly Dictionary<(long Sku, DateOnly Day), int> _ozonUnits = [];
    private readonly Dictionary<long, SimulatedCluster[]> _ozonClusters = [];
    private long _nextSrid;
    private (int Count, OzonPosting[] Fbo, OzonPosting[] Fbs, Dictionary<long, OzonProduct> Catalog)? _ozonIndex;

    internal SimulatedSeller(string name, string wbToken, string ozonClientId, string ozonApiKey)
    {
        Name = name;
        WbToken = wbToken;
        OzonClientId = ozonClientId;
        OzonApiKey = ozonApiKey;
    }

    /// <summary>The seller's name.</summary>
    public string Name { get; }

    /// <summary>The Wildberries token that the simulated WB accepts for this seller.</summary>
    public string WbToken { get; }

    /// <summary>Whether the seller withdrew its WB token in the WB account: WB then answers 401 "token withdrawn".</summary>
    public bool WbTokenWithdrawn { get; set; }

    /// <summary>Whether the seller's WB token lacks the supplies category: the supplies API answers 401.</summary>
    public bool WbTokenWithoutSupplies { get; set; }

    /// <summary>The Ozon <c>Client-Id</c> of this seller.</summary>
    public string OzonClientId { get; }

    /// <summary>The Ozon <c>Api-Key</c> of this seller.</summary>
    public string OzonApiKey { get; }

    /// <summary>The seller's FBS warehouse on WB.</summary>
    public long WbWarehouseId { get; } = 1234567;

    /// <summary>The nmIDs of the WB catalog.</summary>
    public IReadOnlyList<long> WbProducts
    {
        get
        {
            lock (_lock)
            {
                return _wbCards.Keys.ToArray();
            }
        }
    }

    /// <summary>The skus of the Ozon catalog.</summary>
    public IReadOnlyList<long> OzonProducts
    {
        get
        {
            lock (_lock)
            {
                return _ozonProducts.Select(p => p.Sku).ToArray();
            }
        }
    }

    /// <summary>Adds a WB card with one size per entry of <paramref name="sizes"/>; stock goes to the first size.</summary>
    public void AddWbProduct(long nmId, string vendorCode, string title, int fbo, int fbs, DateTimeOffset updatedAt, params string[] sizes)
    {
        lock (_lock)
        {
            var labels = sizes.Length == 0 ? ["0"] : sizes;
            var card = new WbCard(nmId, vendorCode, title, labels.Select((label, i) => new WbSizeRow(nmId * 10 + i + 1, label, $"20{nmId:D11}{i}")).ToList(), updatedAt);
            _wbCards.Add(nmId, card);
            _wbCardIndex = null;
            SetWbStockLocked(nmId, fbo, fbs);
        }
    }

    /// <summary>
    /// Changes a WB card as the seller edits it in the WB account: its <c>updatedAt</c> moves to <paramref name="updatedAt"/>,
    /// and its title and sizes change where given (new sizes get new chrtIDs; stock stays on the first size).
    /// </summary>
    public void ChangeWbCard(long nmId, DateTimeOffset updatedAt, string? title = null, params string[] sizes)
    {
        lock (_lock)
        {
            var card = _wbCards[nmId];
            var (fbo, fbs) = (_wbFbo.GetValueOrDefault(card.Sizes[0].ChrtId), _wbFbs.GetValueOrDefault(card.Sizes[0].ChrtId));
            var newSizes = sizes.Length == 0
                ? card.Sizes
                : [.. sizes.Select((label, i) => card.Sizes.FirstOrDefault(s => s.TechSize == label) ?? new WbSizeRow(nmId * 10 + card.Sizes.Count + i + 1, label, $"21{nmId:D11}{i}"))];
            _wbCards[nmId] = card with { Title = title ?? card.Title, Sizes = newSizes, UpdatedAt = updatedAt };
            _wbCardIndex = null;
            SetWbStockLocked(nmId, fbo, fbs);
        }
    }

    /// <summary>Moves a WB card to the trash at <paramref name="trashedAt"/>: the cards list leaves it out, the trash lists it.</summary>
    public void TrashWbCard(long nmId, DateTimeOffset trashedAt)
    {
        lock (_lock)
        {
            var card = _wbCards[nmId];
            _wbCards.Remove(nmId);
            _wbCardIndex = null;
            _wbTrash.Add((card, trashedAt));
        }
    }

    /// <summary>Restores a WB card from the trash, its <c>updatedAt</c> moved to <paramref name="updatedAt"/> or, when null, kept.</summary>
    public void RestoreWbCard(long nmId, DateTimeOffset? updatedAt = null)
    {
        lock (_lock)
        {
            var trashed = _wbTrash.Single(t => t.Card.NmId == nmId);
            _wbTrash.Remove(trashed);
            _wbCards.Add(nmId, trashed.Card with { UpdatedAt = updatedAt ?? trashed.Card.UpdatedAt });
            _wbCardIndex = null;
        }
    }

    /// <summary>Deletes a WB card from the trash for good, as the seller (or WB, after 30 days) does.</summary>
    public void DeleteWbCard(long nmId)
    {
        lock (_lock)
        {
            _wbTrash.RemoveAll(t => t.Card.NmId == nmId);
        }
    }

    /// <summary>Sets the WB stock of a card: FBO on WB warehouses, FBS on the seller's warehouse (on its first size).</summary>
    public void SetWbStock(long nmId, int fbo, int fbs)
    {
        lock (_lock)
        {
            SetWbStockLocked(nmId, fbo, fbs);
        }
    }

    /// <summary>Adds <paramref name="count"/> WB orders of a card at a Moscow wall-clock time.</summary>
    public void AddWbOrders(long nmId, DateTime moscowTime, int count, bool cancelled = false)
    {
        lock (_lock)
        {
            var card = _wbCards[nmId];
            for (var i = 0; i < count; i++)
            {
                var srid = $"1.r{++_nextSrid:D32}.0.0";
                var at = moscowTime.AddSeconds(i);
                _wbOrders.Add(new WbOrderRow(srid, card, at, at.AddMinutes(20), cancelled));
                _wbOrderIndex = null;
            }
        }
    }

    /// <summary>
    /// Adds an FBW supply in status <paramref name="statusId"/> (1 not planned, 2 planned, 3 shipment allowed, 4 being
    /// accepted, 5 accepted, 6 unloaded at the gate) with its goods; <paramref name="preorder"/> makes it an order
    /// known by its <c>preorderID</c> alone. Returns its id.
    /// </summary>
    public long AddWbSupply(int statusId, bool preorder = false, params (long NmId, int Quantity, int Accepted)[] goods)
    {
        lock (_lock)
        {
            var id = 26_000_000L + _wbSupplies.Count + 1;
            _wbSupplies.Add(new WbSupplyRow(preorder ? null : id, 34_000_000L + _wbSupplies.Count + 1, statusId, [.. goods]));
            return preorder ? 34_000_000L + _wbSupplies.Count : id;
        }
    }

    /// <summary>WB accepted the supply <paramref name="supplyId"/>: its status becomes 5 and every unit of it is accepted.</summary>
    public void AcceptWbSupply(long supplyId)
    {
        lock (_lock)
        {
            var index = _wbSupplies.FindIndex(s => s.SupplyId == supplyId);
            if (index >= 0)
            {
                var supply = _wbSupplies[index];
                _wbSupplies[index] = supply with { StatusId = 5, Goods = [.. supply.Goods.Select(g => g with { Accepted = g.Quantity })] };
            }
        }
    }

    /// <summary>Sets the units of an Ozon sku on their way to Ozon's warehouses: shipped (in transit) and requested.</summary>
    public void SetOzonTransit(long sku, int transit, int requested = 0)
    {
        lock (_lock)
        {
            _ozonTransit[sku] = transit + requested;
            _ozonTransitSplit[sku] = (transit, requested);
        }
    }

    private readonly Dictionary<long, (int Transit, int Requested)> _ozonTransitSplit = [];

    internal IReadOnlyList<WbSupplyRow> WbSupplies() => Read(() => _wbSupplies.ToArray());

    internal (int Transit, int Requested) OzonTransit(long sku) => Read(() => _ozonTransitSplit.GetValueOrDefault(sku));

    /// <summary>Adds an Ozon product.</summary>
    public void AddOzonProduct(long productId, string offerId, long sku, string name, int fbo, int fbsPresent, int fbsReserved = 0)
    {
        lock (_lock)
        {
            _ozonProducts.Add(new OzonProduct(productId, offerId, sku, name));
            _ozonIndex = null;
            _ozonFbo[sku] = fbo;
            _ozonFbs[sku] = (fbsPresent, fbsReserved);
        }
    }

    /// <summary>Sets the Ozon stock of a sku; its FBO stock is all in the default cluster again (<see cref="SimulatedCluster.Default"/>).</summary>
    public void SetOzonStock(long sku, int fbo, int fbsPresent, int fbsReserved = 0)
    {
        lock (_lock)
        {
            _ozonClusters.Remove(sku);
            _ozonFbo[sku] = fbo;
            _ozonFbs[sku] = (fbsPresent, fbsReserved);
        }
    }

    /// <summary>
    /// Spreads the FBO stock of an Ozon sku over clusters, each with its own average daily sales; the sku's FBO stock
    /// becomes their sum. Every cluster given is reported, even at 0 units.
    /// </summary>
    public void SetOzonClusters(long sku, params SimulatedCluster[] clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        lock (_lock)
        {
            _ozonClusters[sku] = [.. clusters];
            _ozonFbo[sku] = clusters.Sum(c => c.Stock);
        }
    }

    /// <summary>
    /// Adds ordered units of an Ozon sku on a (Moscow) day, as postings of at most two units from 12:00 Moscow time,
    /// FBO and FBS alternately; every fifth sku-day also gets a cancelled posting, which counts nowhere.
    /// </summary>
    public void AddOzonOrders(long sku, DateOnly day, int units)
    {
        lock (_lock)
        {
            var noon = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(3));
            for (var i = 0; units > 0; i++)
            {
                var quantity = Math.Min(2, units);
                units -= quantity;
                AddOzonPostingLocked(sku, noon.AddMinutes(i), quantity, cancelled: false, fbs: i % 2 == 1);
            }

            if ((sku + day.DayNumber) % 5 == 0)
            {
                AddOzonPostingLocked(sku, noon.AddMinutes(59), 1, cancelled: true, fbs: false);
            }
        }
    }

    /// <summary>Adds one Ozon posting of <paramref name="quantity"/> units of a sku, in process from <paramref name="inProcessAt"/>.</summary>
    public void AddOzonPosting(long sku, DateTimeOffset inProcessAt, int quantity, bool cancelled = false, bool fbs = false)
    {
        lock (_lock)
        {
            AddOzonPostingLocked(sku, inProcessAt, quantity, cancelled, fbs);
        }
    }

    private void AddOzonPostingLocked(long sku, DateTimeOffset inProcessAt, int quantity, bool cancelled, bool fbs)
    {
        var number = $"{35_500_000 + _ozonPostings.Count}-{(fbs ? "0201" : "0101")}-1";
        _ozonPostings.Add(new OzonPosting(number, sku, inProcessAt.ToUniversalTime(), quantity, cancelled, fbs));
        _ozonIndex = null;
        if (!cancelled)
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(inProcessAt, SimulatedMarketplaces.Moscow).DateTime);
            _ozonUnits[(sku, day)] = _ozonUnits.GetValueOrDefault((sku, day)) + quantity;
        }
    }

    /// <summary>
    /// Fills the seller with a deterministic catalog (Bogus, fixed seed): products on both marketplaces with stock,
    /// and order history of <paramref name="historyDays"/> days up to <paramref name="today"/> (Moscow).
    /// </summary>
    public void Generate(int seed, int wbProducts, int ozonProducts, DateOnly today, int historyDays = 70)
    {
        var faker = new Faker("ru") { Random = new Randomizer(seed) };
        var updated = new DateTimeOffset(today.AddDays(-100).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        for (var i = 0; i < wbProducts; i++)
        {
            var nmId = 211_111_111L + i;
            AddWbProduct(nmId, $"WB-{faker.Commerce.Ean8()}", faker.Commerce.ProductName(), faker.Random.Int(0, 60), faker.Random.Int(0, 20), updated.AddMinutes(i), "0");
            var perDay = faker.Random.Double(0, 4);
            for (var day = historyDays; day >= 1; day--)
            {
                var count = Poisson(faker.Random, perDay);
                if (count > 0)
                {
                    AddWbOrders(nmId, today.AddDays(-day).ToDateTime(new TimeOnly(faker.Random.Int(8, 21), faker.Random.Int(0, 59))), count, cancelled: faker.Random.Bool(0.05f));
                }
            }
        }

        for (var i = 0; i < ozonProducts; i++)
        {
            var sku = 1_700_000_001L + i;
            AddOzonProduct(900_000_001L + i, $"OZ-{faker.Commerce.Ean8()}", sku, faker.Commerce.ProductName(), faker.Random.Int(0, 60), faker.Random.Int(0, 20), faker.Random.Int(0, 2));
            var perDay = faker.Random.Double(0, 4);
            for (var day = historyDays; day >= 1; day--)
            {
                var units = Poisson(faker.Random, perDay);
                if (units > 0)
                {
                    AddOzonOrders(sku, today.AddDays(-day), units);
                }
            }
        }
    }

    /// <summary>The WB cards as the cards list pages them (by <c>updatedAt</c>, then nmID), kept until a card changes.</summary>
    internal WbCard[] WbCards() => Read(() => _wbCardIndex ??= [.. _wbCards.Values.OrderBy(c => c.UpdatedAt).ThenBy(c => c.NmId)]);

    internal List<(WbCard Card, DateTimeOffset TrashedAt)> WbTrash() => Read(() => _wbTrash.ToList());

    internal Dictionary<long, int> WbFbo() => Read(() => new Dictionary<long, int>(_wbFbo));

    internal Dictionary<long, int> WbFbs() => Read(() => new Dictionary<long, int>(_wbFbs));

    /// <summary>
    /// The WB orders sorted as <c>supplier/orders</c> pages them (by <c>lastChangeDate</c>, then srid): built once and
    /// kept until an order is added, so that a page of a 100,000-card seller's millions of orders costs a binary search.
    /// </summary>
    internal WbOrderRow[] WbOrders() => Read(() => _wbOrderIndex ??= [.. _wbOrders.OrderBy(o => o.LastChangeDate).ThenBy(o => o.Srid, StringComparer.Ordinal)]);

    internal List<OzonProduct> OzonCatalog() => Read(() => _ozonProducts.ToList());

    internal Dictionary<long, int> OzonFbo() => Read(() => new Dictionary<long, int>(_ozonFbo));

    internal Dictionary<long, (int Present, int Reserved)> OzonFbs() => Read(() => new Dictionary<long, (int, int)>(_ozonFbs));

    /// <summary>Units ordered per sku and Moscow day, as the analytics report them: postings not cancelled.</summary>
    internal Dictionary<(long Sku, DateOnly Day), int> OzonOrders() => Read(() => _ozonUnits.Where(u => u.Value > 0).ToDictionary());

    /// <summary>
    /// The clusters of each asked sku with FBO stock or explicit clusters: explicit ones as set, else all the FBO stock
    /// in <see cref="SimulatedCluster.Default"/> selling the sku's average daily units of the 28 days before <paramref name="today"/>.
    /// </summary>
    internal Dictionary<long, SimulatedCluster[]> OzonClusters(IEnumerable<long> skus, DateOnly today) => Read(() =>
    {
        var clusters = new Dictionary<long, SimulatedCluster[]>();
        foreach (var sku in skus)
        {
            if (_ozonClusters.TryGetValue(sku, out var set))
            {
                clusters[sku] = set;
            }
            else if (_ozonFbo.GetValueOrDefault(sku) is var fbo && (fbo > 0 || _ozonTransit.GetValueOrDefault(sku) > 0))
            {
                var units = 0;
                for (var day = today.AddDays(-28); day < today; day = day.AddDays(1))
                {
                    units += _ozonUnits.GetValueOrDefault((sku, day));
                }

                clusters[sku] = [SimulatedCluster.Default with { Stock = fbo, AdsCluster = Math.Round(units / 28.0, 2) }];
            }
        }

        return clusters;
    });

    internal List<OzonPosting> OzonPostings() => Read(() => _ozonPostings.ToList());

    /// <summary>
    /// The postings of one list sorted as the posting lists page them (by <c>in_process_at</c>, then number), and the
    /// catalog by sku: built once and kept until a product or a posting is added, so that a page costs a binary search.
    /// </summary>
    internal (OzonPosting[] Postings, Dictionary<long, OzonProduct> Catalog) OzonPostingIndex(bool fbs) => Read(() =>
    {
        if (_ozonIndex is not { } index)
        {
            static OzonPosting[] Sorted(IEnumerable<OzonPosting> postings) =>
                [.. postings.OrderBy(p => p.InProcessAt).ThenBy(p => p.Number, StringComparer.Ordinal)];
            var catalog = _ozonProducts.GroupBy(p => p.Sku).ToDictionary(g => g.Key, g => g.First());
            index = (_ozonPostings.Count, Sorted(_ozonPostings.Where(p => !p.Fbs)), Sorted(_ozonPostings.Where(p => p.Fbs)), catalog);
            _ozonIndex = index;
        }

        return (fbs ? index.Fbs : index.Fbo, index.Catalog);
    });

    private T Read<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }

    private void SetWbStockLocked(long nmId, int fbo, int fbs)
    {
        var card = _wbCards[nmId];
        foreach (var size in card.Sizes)
        {
            _wbFbo[size.ChrtId] = 0;
            _wbFbs[size.ChrtId] = 0;
        }

        _wbFbo[card.Sizes[0].ChrtId] = fbo;
        _wbFbs[card.Sizes[0].ChrtId] = fbs;
    }

    private static int Poisson(Randomizer random, double mean)
    {
        // Knuth's method: fine for the small means of a catalog.
        var limit = Math.Exp(-mean);
        var product = random.Double();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= random.Double();
        }

        return count;
    }
}

internal sealed record WbCard(long NmId, string VendorCode, string Title, List<WbSizeRow> Sizes, DateTimeOffset UpdatedAt);

internal sealed record WbSizeRow(long ChrtId, string TechSize, string Barcode);

internal sealed record WbOrderRow(string Srid, WbCard Card, DateTime Date, DateTime LastChangeDate, bool IsCancel);

internal sealed record OzonProduct(long ProductId, string OfferId, long Sku, string Name);

internal sealed record WbSupplyRow(long? SupplyId, long PreorderId, int StatusId, (long NmId, int Quantity, int Accepted)[] Goods);

/// <summary>FBO stock of an Ozon sku in one cluster, with the cluster's average daily sales over 28 days (<c>ads_cluster</c>).</summary>
/// <param name="ClusterId">Ozon's <c>cluster_id</c>.</param>
/// <param name="Name">Ozon's <c>cluster_name</c>.</param>
/// <param name="Stock">Units available for sale in the cluster.</param>
/// <param name="AdsCluster">Average daily sales in the cluster.</param>
public sealed record SimulatedCluster(long ClusterId, string Name, int Stock, double AdsCluster)
{
    /// <summary>The cluster of every sku whose clusters were not set: Moscow, empty.</summary>
    public static SimulatedCluster Default { get; } = new(4007, "Москва, МО и Дальние регионы", 0, 0);
}

internal sealed record OzonPosting(string Number, long Sku, DateTimeOffset InProcessAt, int Quantity, bool Cancelled, bool Fbs);

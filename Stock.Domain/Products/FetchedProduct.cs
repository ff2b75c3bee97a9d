namespace Stock.Domain.Products;

/// <summary>
/// What one check fetched of one product from its marketplace: card, stock on both kinds of warehouse, and the
/// units ordered per business date from <see cref="SalesFrom"/> to the check's business date.
/// </summary>
public sealed record FetchedProduct
{
    // Units ordered per day from SalesFrom, one int a day: a catalogue of 20,000 products with 60 days each stays a few
    // megabytes (a dictionary per product cost about 3 KB each).
    private readonly int[] units;

    private FetchedProduct(Sku sku, string name, string url, int stockFbo, int stockFbs, DateOnly salesFrom, int[] units, IReadOnlyList<ClusterStock> clusters)
    {
        Clusters = clusters;
        Sku = sku;
        Name = name;
        Url = url;
        StockFbo = stockFbo;
        StockFbs = stockFbs;
        SalesFrom = salesFrom;
        this.units = units;
    }

    /// <summary>Units on their way to the marketplace's warehouses (a supply shipped, not yet accepted); 0 when none or unknown.</summary>
    /// <exception cref="DomainException">The value is negative.</exception>
    public int InTransit
    {
        get => inTransit;
        init => inTransit = value >= 0 ? value : throw new DomainException($"Stock in transit of {Sku} cannot be negative ({value}).");
    }

    private readonly int inTransit;

    /// <summary>
    /// Whether the check asked the marketplace for this product's FBO stock. A product it did not ask (a quiet one, whose
    /// FBO stock nothing but a supply or a withdrawal moves, D52) keeps its stored FBO stock and stock in transit, and
    /// raises no FBO event; a product seen for the first time takes what was fetched either way.
    /// </summary>
    public bool FboStockRead { get; init; } = true;

    /// <summary>
    /// The marketplace's own ids of the units the card's stock is kept under (Wildberries: the <c>chrtID</c> of each
    /// size), stored so that a check that reads only the changed cards still reads every card's stock; empty where stock
    /// is kept by the sku.
    /// </summary>
    public IReadOnlyList<long> StockUnitIds { get; init; } = [];

    /// <summary>The longest product name kept; a longer one is cut.</summary>
    public const int MaxNameLength = 1000;

    /// <summary>The product card.</summary>
    public Sku Sku { get; }

    /// <summary>The product name on the marketplace.</summary>
    public string Name { get; }

    /// <summary>The product page.</summary>
    public string Url { get; }

    /// <summary>Stock on marketplace warehouses.</summary>
    public int StockFbo { get; }

    /// <summary>Stock on the seller's warehouses.</summary>
    public int StockFbs { get; }

    /// <summary>Total stock.</summary>
    public int Stock => StockFbo + StockFbs;

    /// <summary>The first business date whose orders were fetched.</summary>
    public DateOnly SalesFrom { get; }

    /// <summary>Units ordered per business date, not cancelled (a copy of the dates with orders); a fetched date that is absent had none.</summary>
    public IReadOnlyDictionary<DateOnly, int> Orders
    {
        get
        {
            var orders = new SortedDictionary<DateOnly, int>();
            for (var i = 0; i < units.Length; i++)
            {
                if (units[i] > 0)
                {
                    orders[SalesFrom.AddDays(i)] = units[i];
                }
            }

            return orders;
        }
    }

    /// <summary>FBO stock per Ozon cluster, where the marketplace reports it; empty otherwise (nothing known per cluster).</summary>
    public IReadOnlyList<ClusterStock> Clusters { get; }

    /// <summary>Validates and creates what was fetched. The URL defaults to the marketplace's product page.</summary>
    /// <exception cref="DomainException">A stock or a quantity is negative, or an order date precedes <paramref name="salesFrom"/>.</exception>
    public static FetchedProduct Create(
        Sku sku,
        string? name,
        int stockFbo,
        int stockFbs,
        DateOnly salesFrom,
        IReadOnlyDictionary<DateOnly, int>? orders = null,
        string? url = null,
        IReadOnlyList<ClusterStock>? clusters = null)
    {
        ArgumentNullException.ThrowIfNull(sku);
        var last = salesFrom.AddDays(-1);
        foreach (var (date, quantity) in orders ?? new Dictionary<DateOnly, int>())
        {
            CheckQuantity(sku, date, quantity);
            if (date < salesFrom)
            {
                throw new DomainException($"Orders of {sku} on {date:yyyy-MM-dd} precede the fetched range starting {salesFrom:yyyy-MM-dd}.");
            }

            last = date > last ? date : last;
        }

        var units = new int[last.DayNumber - salesFrom.DayNumber + 1];
        foreach (var (date, quantity) in orders ?? new Dictionary<DateOnly, int>())
        {
            units[date.DayNumber - salesFrom.DayNumber] = quantity;
        }

        return Of(sku, name, stockFbo, stockFbs, salesFrom, units, url, clusters);
    }

    /// <summary>
    /// Validates and creates what was fetched, with the units ordered per day as one number a day:
    /// <paramref name="unitsByDay"/>[0] is <paramref name="salesFrom"/> (copied; a day past its end had none).
    /// </summary>
    /// <exception cref="DomainException">A stock or a quantity is negative.</exception>
    public static FetchedProduct FromDailyUnits(
        Sku sku,
        string? name,
        int stockFbo,
        int stockFbs,
        DateOnly salesFrom,
        ReadOnlySpan<int> unitsByDay,
        string? url = null,
        IReadOnlyList<ClusterStock>? clusters = null)
    {
        ArgumentNullException.ThrowIfNull(sku);
        for (var i = 0; i < unitsByDay.Length; i++)
        {
            CheckQuantity(sku, salesFrom.AddDays(i), unitsByDay[i]);
        }

        return Of(sku, name, stockFbo, stockFbs, salesFrom, unitsByDay.ToArray(), url, clusters);
    }

    private static FetchedProduct Of(Sku sku, string? name, int stockFbo, int stockFbs, DateOnly salesFrom, int[] units, string? url, IReadOnlyList<ClusterStock>? clusters)
    {
        ArgumentNullException.ThrowIfNull(sku);
        if (stockFbo < 0 || stockFbs < 0)
        {
            throw new DomainException($"Stock of {sku} cannot be negative (fbo {stockFbo}, fbs {stockFbs}).");
        }

        var trimmedName = string.IsNullOrWhiteSpace(name) ? sku.VendorCode : name.Trim();
        trimmedName = trimmedName.Length > MaxNameLength ? trimmedName[..MaxNameLength] : trimmedName;
        var productUrl = string.IsNullOrWhiteSpace(url) ? sku.ProductUrl : url.Trim();
        return new FetchedProduct(sku, trimmedName, productUrl, stockFbo, stockFbs, salesFrom, units, clusters?.ToArray() ?? []);
    }

    private static void CheckQuantity(Sku sku, DateOnly date, int quantity)
    {
        if (quantity < 0)
        {
            throw new DomainException($"Orders of {sku} on {date:yyyy-MM-dd} cannot be negative ({quantity}).");
        }
    }

    /// <summary>
    /// The day records this fetch yields (docs/marketplaces.md, "Day records from a check"): a fetched date with orders was in
    /// stock; today is in stock when there is stock or a sale; a past date without orders only refreshes a known record.
    /// </summary>
    internal IEnumerable<DayRecord> DayRecords(DateOnly today, DailyHistory known)
    {
        for (var date = SalesFrom; date <= today; date = date.AddDays(1))
        {
            var day = date.DayNumber - SalesFrom.DayNumber;
            var quantity = day < units.Length ? units[day] : 0;
            if (date == today)
            {
                yield return new DayRecord(date, quantity, Stock > 0 || quantity > 0, Stock);
            }
            else if (quantity > 0)
            {
                yield return new DayRecord(date, quantity, InStock: true);
            }
            else if (known.Find(date) is not null)
            {
                yield return new DayRecord(date, 0, InStock: false);
            }
        }
    }
}

namespace Stock.Domain.Products;

/// <summary>
/// What one check fetched of one product from its marketplace: card, stock on both kinds of warehouse, and the
/// units ordered per business date from <see cref="SalesFrom"/> to the check's business date.
/// </summary>
public sealed record FetchedProduct
{
    private FetchedProduct(Sku sku, string name, string url, int stockFbo, int stockFbs, DateOnly salesFrom, IReadOnlyDictionary<DateOnly, int> orders, IReadOnlyList<ClusterStock> clusters)
    {
        Clusters = clusters;
        Sku = sku;
        Name = name;
        Url = url;
        StockFbo = stockFbo;
        StockFbs = stockFbs;
        SalesFrom = salesFrom;
        Orders = orders;
    }

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

    /// <summary>Units ordered per business date, not cancelled; a fetched date that is absent had none.</summary>
    public IReadOnlyDictionary<DateOnly, int> Orders { get; }

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
        if (stockFbo < 0 || stockFbs < 0)
        {
            throw new DomainException($"Stock of {sku} cannot be negative (fbo {stockFbo}, fbs {stockFbs}).");
        }

        var copy = new SortedDictionary<DateOnly, int>();
        foreach (var (date, quantity) in orders ?? new Dictionary<DateOnly, int>())
        {
            if (quantity < 0)
            {
                throw new DomainException($"Orders of {sku} on {date:yyyy-MM-dd} cannot be negative ({quantity}).");
            }

            if (date < salesFrom)
            {
                throw new DomainException($"Orders of {sku} on {date:yyyy-MM-dd} precede the fetched range starting {salesFrom:yyyy-MM-dd}.");
            }

            copy[date] = quantity;
        }

        var trimmedName = string.IsNullOrWhiteSpace(name) ? sku.VendorCode : name.Trim();
        trimmedName = trimmedName.Length > MaxNameLength ? trimmedName[..MaxNameLength] : trimmedName;
        var productUrl = string.IsNullOrWhiteSpace(url) ? sku.ProductUrl : url.Trim();
        return new FetchedProduct(sku, trimmedName, productUrl, stockFbo, stockFbs, salesFrom, copy, clusters?.ToArray() ?? []);
    }

    /// <summary>
    /// The day records this fetch yields (MARKETPLACES.md, "Day records from a check"): a fetched date with orders was in
    /// stock; today is in stock when there is stock or a sale; a past date without orders only refreshes a known record.
    /// </summary>
    internal IEnumerable<DayRecord> DayRecords(DateOnly today, DailyHistory known)
    {
        for (var date = SalesFrom; date <= today; date = date.AddDays(1))
        {
            var quantity = Orders.GetValueOrDefault(date);
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

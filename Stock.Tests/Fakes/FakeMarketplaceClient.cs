using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Products;

namespace Stock.Tests.Fakes;

/// <summary>A marketplace whose catalog, stock and orders a test sets, which can fail at a chosen call or hold a call open.</summary>
internal sealed class FakeMarketplaceClient(Marketplace marketplace) : IMarketplaceClient
{
    private readonly Lock _lock = new();

    public Marketplace Marketplace { get; } = marketplace;

    public List<MarketplaceProduct> Products { get; } = [];
    public Dictionary<string, int> Fbo { get; } = [];
    public Dictionary<string, List<ClusterStock>> Clusters { get; } = [];
    public Dictionary<string, int> Fbs { get; } = [];
    public List<DailyOrders> Orders { get; } = [];

    /// <summary>Which call fails: "products", "fbo", "fbs" or "orders".</summary>
    public string? FailOn { get; set; }

    /// <summary>When set, the products call waits for it (to hold a check open).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completed when a products call has started.</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<DateOnly> OrdersAskedSince { get; } = [];

    /// <summary>The skus each FBO stock call asked for.</summary>
    public List<IReadOnlySet<string>> FboAsked { get; } = [];
    public List<MarketplaceKey> KeysUsed { get; } = [];

    public MarketplaceProduct AddProduct(long id, string vendorCode, int fbo, int fbs, string? name = null)
    {
        var product = new MarketplaceProduct(Sku.From(Marketplace, id, vendorCode), name ?? $"Товар {vendorCode}", []);
        Products.Add(product);
        SetStock(id, fbo, fbs);
        return product;
    }

    public void SetStock(long id, int fbo, int fbs)
    {
        Fbo[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = fbo;
        Fbs[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = fbs;
    }

    public void AddDailyOrders(long id, DateOnly from, DateOnly to, int perDay)
    {
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            Orders.Add(new DailyOrders(id.ToString(System.Globalization.CultureInfo.InvariantCulture), date, perDay));
        }
    }

    public async Task<IReadOnlyList<MarketplaceProduct>> GetProductsAsync(MarketplaceKey key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            KeysUsed.Add(key);
        }

        Entered.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        Fail("products", "POST /products");
        return Products.ToArray();
    }

    public Task<FboStock> GetFboStockAsync(MarketplaceKey key, IReadOnlyList<MarketplaceProduct> products, CancellationToken cancellationToken)
    {
        Fail("fbo", "POST /fbo");
        // As a marketplace answers: the stock of the skus asked for.
        var asked = products.Select(p => p.Sku.Id).ToHashSet();
        lock (_lock)
        {
            FboAsked.Add(asked);
        }

        return Task.FromResult(new FboStock(
            Fbo.Where(s => asked.Contains(s.Key)).ToDictionary(),
            Clusters.Where(c => asked.Contains(c.Key)).ToDictionary(c => c.Key, c => (IReadOnlyList<ClusterStock>)c.Value.ToArray())));
    }

    public Task<IReadOnlyDictionary<string, int>> GetFbsStockAsync(MarketplaceKey key, IReadOnlyList<MarketplaceProduct> products, CancellationToken cancellationToken)
    {
        Fail("fbs", "POST /fbs");
        return Task.FromResult<IReadOnlyDictionary<string, int>>(new Dictionary<string, int>(Fbs));
    }

    public async IAsyncEnumerable<OrdersPage> ReadDailyOrdersAsync(MarketplaceKey key, DateOnly since, string? after, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            OrdersAskedSince.Add(since);
        }

        await Task.Yield();
        Fail("orders", "GET /orders");
        yield return new OrdersPage(Orders.Where(o => o.Date >= since).ToArray(), Cursor: null);
    }

    private void Fail(string call, string endpoint)
    {
        if (FailOn == call)
        {
            throw new MarketplaceException(Marketplace, endpoint, MarketplaceFailure.Unavailable, 500, "internal error after 3 retries");
        }
    }
}

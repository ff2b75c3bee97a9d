namespace Stock.Infrastructure.Marketplaces;

/// <summary>Sums stock rows, as both adapters do: negative rows count as 0, totals stop at int.MaxValue.</summary>
internal static class StockTally
{
    /// <summary>Adds a row to the sku's total.</summary>
    public static void Add(Dictionary<string, int> stock, string sku, long quantity) =>
        stock[sku] = Clamp(stock.GetValueOrDefault(sku) + Math.Max(0, quantity));

    /// <summary>The total of some rows.</summary>
    public static int Sum(IEnumerable<long> quantities) => Clamp(quantities.Sum(q => Math.Max(0, q)));

    private static int Clamp(long total) => (int)Math.Min(int.MaxValue, total);
}

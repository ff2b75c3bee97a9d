namespace Stock.Infrastructure.Marketplaces;

/// <summary>Sums stock rows per sku, as both adapters do: negative rows count as 0, totals stop at int.MaxValue.</summary>
internal static class StockTally
{
    public static void Add(Dictionary<string, int> stock, string sku, long quantity) =>
        stock[sku] = (int)Math.Min(int.MaxValue, stock.GetValueOrDefault(sku) + Math.Max(0, quantity));
}

using Stock.Application.Ports;

namespace Stock.Tests.Fixtures;

/// <summary>Reads a client's order pages to the end and sums them per sku and date, as a check folds them.</summary>
internal static class DailyOrdersReading
{
    public static async Task<IReadOnlyList<DailyOrders>> GetDailyOrdersAsync(this IMarketplaceClient client, MarketplaceKey key, DateOnly since, CancellationToken cancellationToken)
    {
        var units = new Dictionary<(string Sku, DateOnly Date), int>();
        await foreach (var page in client.ReadDailyOrdersAsync(key, since, after: null, cancellationToken))
        {
            foreach (var day in page.Units)
            {
                units[(day.SkuId, day.Date)] = units.GetValueOrDefault((day.SkuId, day.Date)) + day.Quantity;
            }
        }

        return [.. units.Where(u => u.Value > 0).Select(u => new DailyOrders(u.Key.Sku, u.Key.Date, u.Value))];
    }
}

using System.Globalization;
using Stock.Application.Ports;

namespace Stock.Infrastructure.Marketplaces;

/// <summary>
/// The sku ids of the products a call asks about, by their number: a stock row's id is looked up, not formatted again,
/// so that the tallies of a 100,000-card catalogue share its id strings instead of holding a copy each.
/// </summary>
internal sealed class SkuIds
{
    private readonly Dictionary<long, string> ids = [];

    public SkuIds(IEnumerable<MarketplaceProduct> products)
    {
        foreach (var product in products)
        {
            if (long.TryParse(product.Sku.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                ids.TryAdd(number, product.Sku.Id);
            }
        }
    }

    /// <summary>The id of <paramref name="number"/>: the product's own string, else a new one.</summary>
    public string this[long number] => ids.TryGetValue(number, out var id) ? id : number.ToString(CultureInfo.InvariantCulture);
}

using System.Runtime.InteropServices;
using Stock.Application.Ports;

namespace Stock.Application.Checks;

/// <summary>
/// Units ordered per sku and business date, from the first date of a sync to the check's business date, as one number
/// a day per sku: 20,000 skus with 62 days each are about 5 MB, however many orders the pages held.
/// </summary>
internal sealed class OrdersFold(DateOnly since, DateOnly today)
{
    private readonly Dictionary<string, int[]> units = new(StringComparer.Ordinal);
    private readonly int days = Math.Max(0, today.DayNumber - since.DayNumber + 1);

    /// <summary>The first business date folded: index 0 of every sku's days.</summary>
    public DateOnly Since => since;

    /// <summary>The last business date folded.</summary>
    public DateOnly Today => today;

    /// <summary>How many (sku, date) have units.</summary>
    public int Count { get; private set; }

    /// <summary>Adds units; dates before <see cref="Since"/> or after today are left out (no day record reads them).</summary>
    public void Add(IEnumerable<DailyOrders> orders)
    {
        foreach (var day in orders)
        {
            Add(day);
        }
    }

    /// <summary>Adds the units of one sku and date, as <see cref="Add(IEnumerable{DailyOrders})"/> does.</summary>
    public void Add(DailyOrders day)
    {
        var index = day.Date.DayNumber - since.DayNumber;
        if (index < 0 || index >= days)
        {
            return;
        }

        ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(units, day.SkuId, out _);
        counts ??= new int[days];
        var before = counts[index];
        counts[index] += day.Quantity;
        Count += (before == 0 ? 1 : 0) - (counts[index] == 0 ? 1 : 0);
    }

    /// <summary>Adds the units of one sku per day from <see cref="Since"/> (as <see cref="Of"/> gives them).</summary>
    public void Add(string skuId, ReadOnlySpan<int> unitsByDay)
    {
        for (var i = 0; i < unitsByDay.Length; i++)
        {
            if (unitsByDay[i] != 0)
            {
                Add(new DailyOrders(skuId, since.AddDays(i), unitsByDay[i]));
            }
        }
    }

    /// <summary>The units folded, one per (sku, date) that has any.</summary>
    public IEnumerable<DailyOrders> Days()
    {
        foreach (var (sku, counts) in units)
        {
            for (var i = 0; i < counts.Length; i++)
            {
                if (counts[i] != 0)
                {
                    yield return new DailyOrders(sku, since.AddDays(i), counts[i]);
                }
            }
        }
    }

    /// <summary>The units of one sku per day from <see cref="Since"/>; empty when it had no orders.</summary>
    public ReadOnlySpan<int> Of(string skuId) => units.TryGetValue(skuId, out var counts) ? counts : default;
}

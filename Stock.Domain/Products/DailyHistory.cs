namespace Stock.Domain.Products;

/// <summary>The day records of one product, one per business date, ordered by date. A date without a record is unknown.</summary>
public sealed class DailyHistory
{
    private readonly SortedDictionary<DateOnly, DayRecord> _days = [];

    /// <summary>Creates an empty history.</summary>
    public DailyHistory()
    {
    }

    /// <summary>Creates a history from stored records.</summary>
    /// <exception cref="DomainException">A date appears twice or a quantity is negative.</exception>
    public DailyHistory(IEnumerable<DayRecord> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        foreach (var day in days)
        {
            Validate(day);
            if (!_days.TryAdd(day.Date, day))
            {
                throw new DomainException($"The history has two records of {day.Date:yyyy-MM-dd}.");
            }
        }
    }

    /// <summary>The number of known dates.</summary>
    public int Count => _days.Count;

    /// <summary>The records, ordered by date.</summary>
    public IReadOnlyCollection<DayRecord> Days => _days.Values;

    /// <summary>The record of <paramref name="date"/>, or null when the date is unknown.</summary>
    public DayRecord? Find(DateOnly date) => _days.TryGetValue(date, out var day) ? day : null;

    /// <summary>The number of in-stock records in <paramref name="window"/>.</summary>
    public int InStockDays(DateWindow window) => InStock(window).Count();

    /// <summary>Units ordered on the in-stock days of <paramref name="window"/>; sales on days out of stock do not count.</summary>
    public long InStockQuantity(DateWindow window) => InStock(window).Sum(d => (long)d.Quantity);

    /// <summary>Whether any day of <paramref name="window"/> is in stock.</summary>
    public bool AnyInStock(DateWindow window) => InStock(window).Any();

    /// <summary>Whether any day before <paramref name="date"/> is in stock.</summary>
    public bool AnyInStockBefore(DateOnly date) => _days.Values.Any(d => d.InStock && d.Date < date);

    /// <summary>Merges <paramref name="incoming"/> into the stored record of its date; returns whether anything changed.</summary>
    internal bool Merge(DayRecord incoming)
    {
        Validate(incoming);
        var merged = _days.TryGetValue(incoming.Date, out var stored) ? stored.MergeWith(incoming) : incoming;
        if (_days.TryGetValue(incoming.Date, out var before) && before == merged)
        {
            return false;
        }

        _days[incoming.Date] = merged;
        return true;
    }

    private IEnumerable<DayRecord> InStock(DateWindow window) =>
        Enumerable.Range(0, window.Days)
            .Select(offset => Find(window.Start.AddDays(offset)))
            .Where(d => d is { InStock: true })
            .Select(d => d!.Value);

    private static void Validate(DayRecord day)
    {
        if (day.Quantity < 0)
        {
            throw new DomainException($"The record of {day.Date:yyyy-MM-dd} has a negative quantity ({day.Quantity}).");
        }
    }
}

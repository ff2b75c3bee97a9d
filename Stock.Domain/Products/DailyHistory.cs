using System.Collections.ObjectModel;

namespace Stock.Domain.Products;

/// <summary>The day records of one product, one per business date, ordered by date. A date without a record is unknown.</summary>
/// <remarks>
/// The records are one sorted list, searched by halving: a check holds thousands of histories of about 60 days each,
/// and a sorted list costs one array per product where a tree cost an object per day.
/// </remarks>
public sealed class DailyHistory
{
    private readonly List<DayRecord> _days;
    private readonly ReadOnlyCollection<DayRecord> _view;

    /// <summary>Creates an empty history.</summary>
    public DailyHistory()
    {
        _days = [];
        _view = _days.AsReadOnly();
    }

    /// <summary>Creates a history from stored records, in any order.</summary>
    /// <exception cref="DomainException">A date appears twice or a quantity is negative.</exception>
    public DailyHistory(IEnumerable<DayRecord> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        _days = [.. days];
        _view = _days.AsReadOnly();
        var sorted = true;
        for (var i = 0; i < _days.Count; i++)
        {
            Validate(_days[i]);
            sorted &= i == 0 || _days[i - 1].Date < _days[i].Date;
        }

        if (sorted)
        {
            return;
        }

        _days.Sort((a, b) => a.Date.CompareTo(b.Date));
        for (var i = 1; i < _days.Count; i++)
        {
            if (_days[i - 1].Date == _days[i].Date)
            {
                throw new DomainException($"The history has two records of {_days[i].Date:yyyy-MM-dd}.");
            }
        }
    }

    /// <summary>The number of known dates.</summary>
    public int Count => _days.Count;

    /// <summary>The records, ordered by date.</summary>
    public IReadOnlyCollection<DayRecord> Days => _view;

    /// <summary>The record of <paramref name="date"/>, or null when the date is unknown.</summary>
    public DayRecord? Find(DateOnly date)
    {
        var index = IndexOf(date);
        return index >= 0 ? _days[index] : null;
    }

    /// <summary>The number of in-stock records in <paramref name="window"/>.</summary>
    public int InStockDays(DateWindow window) => Tally(window).Days;

    /// <summary>Units ordered on the in-stock days of <paramref name="window"/>; sales on days out of stock do not count.</summary>
    public long InStockQuantity(DateWindow window) => Tally(window).Quantity;

    /// <summary>Whether any day of <paramref name="window"/> is in stock.</summary>
    public bool AnyInStock(DateWindow window) => Tally(window).Days > 0;

    /// <summary>Whether any day before <paramref name="date"/> is in stock.</summary>
    public bool AnyInStockBefore(DateOnly date)
    {
        for (var i = 0; i < _days.Count && _days[i].Date < date; i++)
        {
            if (_days[i].InStock)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Merges <paramref name="incoming"/> into the stored record of its date; returns whether anything changed.</summary>
    internal bool Merge(DayRecord incoming)
    {
        Validate(incoming);
        var index = IndexOf(incoming.Date);
        if (index < 0)
        {
            _days.Insert(~index, incoming);
            return true;
        }

        var merged = _days[index].MergeWith(incoming);
        if (merged == _days[index])
        {
            return false;
        }

        _days[index] = merged;
        return true;
    }

    // In-stock days and their units in the window: one pass from the window's first known date.
    private (int Days, long Quantity) Tally(DateWindow window)
    {
        var index = IndexOf(window.Start);
        var (days, quantity) = (0, 0L);
        for (var i = index >= 0 ? index : ~index; i < _days.Count && _days[i].Date <= window.End; i++)
        {
            if (_days[i].InStock)
            {
                days++;
                quantity += _days[i].Quantity;
            }
        }

        return (days, quantity);
    }

    // The index of the record of the date, or the complement of where it would go (as List.BinarySearch answers).
    private int IndexOf(DateOnly date)
    {
        var (low, high) = (0, _days.Count - 1);
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var compared = _days[middle].Date.CompareTo(date);
            if (compared == 0)
            {
                return middle;
            }

            if (compared < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    private static void Validate(DayRecord day)
    {
        if (day.Quantity < 0)
        {
            throw new DomainException($"The record of {day.Date:yyyy-MM-dd} has a negative quantity ({day.Quantity}).");
        }
    }
}

namespace Stock.Domain.Products;

/// <summary>An inclusive range of business dates.</summary>
/// <param name="Start">The first date.</param>
/// <param name="End">The last date.</param>
public readonly record struct DateWindow(DateOnly Start, DateOnly End)
{
    /// <summary>The number of dates in the window.</summary>
    public int Days => End.DayNumber - Start.DayNumber + 1;

    /// <summary>Whether <paramref name="date"/> lies in the window.</summary>
    public bool Contains(DateOnly date) => date >= Start && date <= End;

    /// <summary>
    /// The k-th window of <paramref name="days"/> complete days back from <paramref name="today"/>:
    /// <c>W(N, 0) = [today-N, today-1]</c>, <c>W(N, 1) = [today-2N, today-N-1]</c>.
    /// </summary>
    public static DateWindow Back(DateOnly today, int days, int index = 0)
    {
        if (days < 1)
        {
            throw new DomainException($"A window needs at least one day, not {days}.");
        }

        if (index < 0)
        {
            throw new DomainException($"A window index cannot be negative ({index}).");
        }

        var end = today.AddDays(-(days * index) - 1);
        return new DateWindow(end.AddDays(-(days - 1)), end);
    }
}

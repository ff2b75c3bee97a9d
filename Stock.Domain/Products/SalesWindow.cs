namespace Stock.Domain.Products;

/// <summary>Which rule of the sales window produced the quantity.</summary>
public enum SalesWindowCase
{
    /// <summary>1a: every day of the last window was in stock; the quantity is what sold.</summary>
    Actual = 1,

    /// <summary>1b: the last window had enough in-stock days; the quantity is extrapolated to the whole window.</summary>
    Theoretical = 2,

    /// <summary>2: the last window had too few in-stock days, the one before had enough; it is extrapolated.</summary>
    Previous = 3,

    /// <summary>3: neither window had enough in-stock days; the raw sum of both.</summary>
    Fallback = 4,
}

/// <summary>
/// Sales of a product over a window of complete days (docs/domain.md, "Sales over a window"), actual or theoretical,
/// with the daily rate and the days the current stock covers.
/// </summary>
public sealed record SalesWindow
{
    private SalesWindow(SalesWindowCase kind, long salesQuantity, int inStockDays, DateWindow period, int stock)
    {
        Case = kind;
        SalesQuantity = salesQuantity;
        InStockDays = inStockDays;
        PeriodDays = period.Days;
        Start = period.Start;
        End = period.End;
        Stock = stock;
    }

    /// <summary>Which rule produced the quantity.</summary>
    public SalesWindowCase Case { get; }

    /// <summary>Units sold (or extrapolated) over the period.</summary>
    public long SalesQuantity { get; }

    /// <summary>In-stock days that the quantity is based on; never more than <see cref="PeriodDays"/>.</summary>
    public int InStockDays { get; }

    /// <summary>Length of the period in days: N, or 2N in the fallback case.</summary>
    public int PeriodDays { get; }

    /// <summary>First date of the period.</summary>
    public DateOnly Start { get; }

    /// <summary>Last date of the period.</summary>
    public DateOnly End { get; }

    /// <summary>Whether the quantity was extrapolated from fewer in-stock days.</summary>
    public bool IsTheoretical => Case is SalesWindowCase.Theoretical or SalesWindowCase.Previous;

    /// <summary>The stock the cover is computed for.</summary>
    public int Stock { get; }

    /// <summary>Units sold per day: <c>SalesQuantity / PeriodDays</c>.</summary>
    public decimal DailyRate => (decimal)SalesQuantity / PeriodDays;

    /// <summary>
    /// Units that bring the stock to <paramref name="targetCoverDays"/> days of cover at <see cref="DailyRate"/>:
    /// <c>ceil(DailyRate × target) − Stock</c>, and 0 when the stock already covers them (or nothing sells).
    /// </summary>
    public int RecommendedSupply(int targetCoverDays) =>
        (int)Math.Max(0, Math.Ceiling(DailyRate * targetCoverDays) - Stock);

    /// <summary>Days the stock lasts at <see cref="DailyRate"/>; infinite when nothing sells.</summary>
    public double DaysOfCover => SalesQuantity == 0 ? double.PositiveInfinity : Stock / (double)DailyRate;

    /// <summary>Computes the sales window of <paramref name="days"/> complete days before <paramref name="today"/>.</summary>
    public static SalesWindow Compute(DailyHistory history, int stock, DateOnly today, int days)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (stock < 0)
        {
            throw new DomainException($"Stock cannot be negative ({stock}).");
        }

        var last = DateWindow.Back(today, days, 0);
        var previous = DateWindow.Back(today, days, 1);
        var (days0, qty0) = (history.InStockDays(last), history.InStockQuantity(last));
        var (days1, qty1) = (history.InStockDays(previous), history.InStockQuantity(previous));

        if (days0 == days)
        {
            return new SalesWindow(SalesWindowCase.Actual, qty0, days0, last, stock);
        }

        if (IsEnough(days0, days))
        {
            return new SalesWindow(SalesWindowCase.Theoretical, Extrapolate(qty0, days0, days), days0, last, stock);
        }

        if (IsEnough(days1, days))
        {
            return new SalesWindow(SalesWindowCase.Previous, Extrapolate(qty1, days1, days), days1, previous, stock);
        }

        return new SalesWindow(SalesWindowCase.Fallback, qty0 + qty1, days0 + days1, new DateWindow(previous.Start, last.End), stock);
    }

    private static bool IsEnough(int inStockDays, int windowDays) => inStockDays * 2 >= windowDays;

    // floor(qty / days * N) in exact integer arithmetic.
    private static long Extrapolate(long quantity, int inStockDays, int windowDays) => quantity * windowDays / inStockDays;
}

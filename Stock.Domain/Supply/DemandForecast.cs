using Stock.Domain.Products;

namespace Stock.Domain.Supply;

/// <summary>
/// Expected units sold per day, from the stored history (docs/forecast.md): the in-stock days of the last
/// <see cref="WindowDays"/> only, each weighted by its age (half weight every <see cref="HalfLifeDays"/> days); for an
/// ordinary product with enough history, times a trend (the last two weeks against the six before), clamped to
/// [<see cref="MinTrend"/>, <see cref="MaxTrend"/>]; and the spread of daily demand, for the safety stock.
/// </summary>
/// <param name="PerDay">Units per day.</param>
/// <param name="DailyDeviation">The standard deviation of units sold on an in-stock day.</param>
/// <param name="InStockDays">The in-stock days it is computed from.</param>
public sealed record DemandForecast(decimal PerDay, decimal DailyDeviation, int InStockDays)
{
    /// <summary>Days of history read (8 weeks).</summary>
    internal const int WindowDays = 56;

    /// <summary>The age, in days, at which a day counts half (14).</summary>
    internal const int HalfLifeDays = 14;

    /// <summary>The recent days the trend compares (14).</summary>
    internal const int RecentDays = 14;

    /// <summary>In-stock days each half of the trend needs (7).</summary>
    internal const int TrendMinDays = 7;

    /// <summary>The smallest trend factor (0.8).</summary>
    internal const decimal MinTrend = 0.8m;

    /// <summary>The largest trend factor (1.25).</summary>
    internal const decimal MaxTrend = 1.25m;

    /// <summary>
    /// The forecast of <paramref name="history"/> on <paramref name="today"/> for a product of <paramref name="status"/>,
    /// from the complete days before today; null when no in-stock day sold anything (nothing to forecast from).
    /// </summary>
    public static DemandForecast? Of(DailyHistory history, ProductStatus status, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(history);
        var days = history.Days.Where(d => d.InStock && d.Date < today && d.Date >= today.AddDays(-WindowDays)).ToArray();
        if (days.Length == 0 || days.All(d => d.Quantity == 0))
        {
            return null;
        }

        double weighted = 0, weights = 0;
        foreach (var day in days)
        {
            var age = today.DayNumber - day.Date.DayNumber - 1;
            var weight = Math.Pow(0.5, age / (double)HalfLifeDays);
            weighted += weight * day.Quantity;
            weights += weight;
        }

        var level = (decimal)(weighted / weights);
        var perDay = Math.Round(level * Trend(days, status, today), 4, MidpointRounding.AwayFromZero);
        var mean = days.Average(d => (double)d.Quantity);
        var deviation = days.Length < 2 ? Math.Sqrt(mean) : Math.Sqrt(days.Sum(d => Math.Pow(d.Quantity - mean, 2)) / (days.Length - 1));
        return new DemandForecast(perDay, Math.Round((decimal)deviation, 4, MidpointRounding.AwayFromZero), days.Length);
    }

    /// <summary>The mean of the recent in-stock days over that of the older ones, clamped; 1 for a new product or too few days.</summary>
    private static decimal Trend(DayRecord[] days, ProductStatus status, DateOnly today)
    {
        if (status != ProductStatus.Ordinary)
        {
            return 1m;
        }

        var recent = days.Where(d => d.Date >= today.AddDays(-RecentDays)).ToArray();
        var older = days.Where(d => d.Date < today.AddDays(-RecentDays)).ToArray();
        if (recent.Length < TrendMinDays || older.Length < TrendMinDays || older.Sum(d => d.Quantity) == 0)
        {
            return 1m;
        }

        var trend = (decimal)recent.Average(d => d.Quantity) / (decimal)older.Average(d => d.Quantity);
        return Math.Clamp(trend, MinTrend, MaxTrend);
    }
}

using Stock.Domain.Products;

namespace Stock.Domain.Supply;

/// <summary>
/// Expected units sold per day, from the stored history (docs/forecast.md): the in-stock days of the last
/// <see cref="WindowDays"/> only, each weighted by its age (half weight every <see cref="HalfLifeDays"/> days); for an
/// ordinary product with enough history, plus the trend (the last two weeks against the six before) over the weighted
/// mean's lag, kept within [<see cref="MinTrend"/>, <see cref="MaxTrend"/>] of the weighted mean; and the spread of
/// daily demand, for the safety stock.
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

    /// <summary>The smallest forecast, as a share of the weighted mean (0.8).</summary>
    internal const decimal MinTrend = 0.8m;

    /// <summary>The largest forecast, as a share of the weighted mean (1.25).</summary>
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

        double weighted = 0, weights = 0, weightedAge = 0;
        foreach (var day in days)
        {
            var age = Age(day, today);
            var weight = Math.Pow(0.5, age / (double)HalfLifeDays);
            weighted += weight * day.Quantity;
            weightedAge += weight * age;
            weights += weight;
        }

        var level = weighted / weights;
        var perDay = level + (Slope(days, status, today) * ((weightedAge / weights) + 1));
        perDay = Math.Clamp(perDay, (double)MinTrend * level, (double)MaxTrend * level);
        var mean = days.Average(d => (double)d.Quantity);
        var deviation = days.Length < 2 ? Math.Sqrt(mean) : Math.Sqrt(days.Sum(d => Math.Pow(d.Quantity - mean, 2)) / (days.Length - 1));
        return new DemandForecast(Round(perDay), Round(deviation), days.Length);
    }

    private static decimal Round(double value) => Math.Round((decimal)value, 4, MidpointRounding.AwayFromZero);

    // Days before yesterday: yesterday is 0.
    private static int Age(DayRecord day, DateOnly today) => today.DayNumber - day.Date.DayNumber - 1;

    /// <summary>
    /// Units per day gained per day: the recent in-stock days' mean less the older ones', over the days between their
    /// mean ages; 0 for a new product or too few days on either side. A recency-weighted mean lags a trend by its mean
    /// age: the forecast adds the slope over that lag and the day ahead.
    /// </summary>
    private static double Slope(DayRecord[] days, ProductStatus status, DateOnly today)
    {
        if (status != ProductStatus.Ordinary)
        {
            return 0;
        }

        var recent = days.Where(d => Age(d, today) < RecentDays).ToArray();
        var older = days.Where(d => Age(d, today) >= RecentDays).ToArray();
        if (recent.Length < TrendMinDays || older.Length < TrendMinDays)
        {
            return 0;
        }

        var distance = older.Average(d => (double)Age(d, today)) - recent.Average(d => (double)Age(d, today));
        return (recent.Average(d => (double)d.Quantity) - older.Average(d => (double)d.Quantity)) / distance;
    }
}

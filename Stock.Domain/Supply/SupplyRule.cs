namespace Stock.Domain.Supply;

/// <summary>Which supply a <see cref="Events.SupplyDue"/> says is due.</summary>
public enum SupplyKind
{
    /// <summary>Ship from the seller's stock now: the marketplace's warehouses run out before a supply shipped today is on sale; <c>ship</c>.</summary>
    Ship = 1,

    /// <summary>Order goods now: all stock runs out before goods ordered today arrive; <c>reorder</c>.</summary>
    Reorder = 2,
}

/// <summary>Wire names of <see cref="SupplyKind"/>.</summary>
public static class SupplyKindNames
{
    /// <summary><c>ship</c> or <c>reorder</c>.</summary>
    public static string ToWire(this SupplyKind kind) => kind switch
    {
        SupplyKind.Ship => "ship",
        SupplyKind.Reorder => "reorder",
        _ => throw new DomainException($"Unknown supply kind {(int)kind}."),
    };
}

/// <summary>What the supply rule found due for one kind.</summary>
/// <param name="Kind">Ship or reorder.</param>
/// <param name="Available">The stock it counts: FBO and in transit (ship), plus FBS (reorder).</param>
/// <param name="LeadTimeDays">The lead time it used.</param>
/// <param name="StockoutDate">When the available stock runs out at the forecast.</param>
/// <param name="ActByDate">The stock-out date less the lead time, never before the business date.</param>
/// <param name="RecommendedSupply">Units for the lead time and the target cover, plus safety, less what is available, rounded up to the pack (at least one pack).</param>
/// <param name="CoveredByFbs">How many of them the seller's own stock holds (ship); 0 for reorder.</param>
public sealed record SupplyNeed(SupplyKind Kind, int Available, int LeadTimeDays, DateOnly StockoutDate, DateOnly ActByDate, int RecommendedSupply, int CoveredByFbs);

/// <summary>
/// The supply rule (docs/domain.md, "Supply rule"): a kind is due when its available stock is at or below the forecast
/// over its lead time and the review day, plus the safety stock for the service level.
/// </summary>
internal static class SupplyRule
{
    /// <summary>The need of <paramref name="kind"/>, or null when it is not due (or there is no forecast).</summary>
    public static SupplyNeed? Need(
        SupplyKind kind, DemandForecast? forecast, int fbo, int fbs, int inTransit, DateOnly today, int leadTimeDays, int targetCoverDays, int packSize, double serviceLevel)
    {
        if (forecast is not { PerDay: > 0 } f)
        {
            return null;
        }

        var available = fbo + inTransit + (kind == SupplyKind.Reorder ? fbs : 0);
        var safety = SafetyStock(f, leadTimeDays, serviceLevel);
        if (available > (f.PerDay * (leadTimeDays + 1)) + safety)
        {
            return null;
        }

        var needed = Math.Max((f.PerDay * (leadTimeDays + targetCoverDays)) + safety - available, 1m);
        var pack = Math.Max(packSize, 1);
        var recommended = (int)Math.Ceiling(needed / pack) * pack;
        return new SupplyNeed(
            kind,
            available,
            leadTimeDays,
            StockoutDate(available, f.PerDay, today),
            ActBy(available, f.PerDay, today, leadTimeDays),
            recommended,
            kind == SupplyKind.Ship ? Math.Min(fbs, recommended) : 0);
    }

    /// <summary>The day <paramref name="available"/> units run out at <paramref name="perDay"/> a day (ten years at most).</summary>
    public static DateOnly StockoutDate(int available, decimal perDay, DateOnly today) =>
        today.AddDays((int)Math.Min(Math.Floor(available / perDay), 3650));

    /// <summary>The stock-out date less the lead time, never before <paramref name="today"/>.</summary>
    public static DateOnly ActBy(int available, decimal perDay, DateOnly today, int leadTimeDays)
    {
        var actBy = StockoutDate(available, perDay, today).AddDays(-leadTimeDays);
        return actBy < today ? today : actBy;
    }

    /// <summary>Safety stock: z(service level) times the daily deviation times the square root of lead time plus the review day.</summary>
    public static decimal SafetyStock(DemandForecast forecast, int leadTimeDays, double serviceLevel)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        return Math.Round((decimal)(StandardNormalQuantile(serviceLevel) * (double)forecast.DailyDeviation * Math.Sqrt(leadTimeDays + 1)), 4, MidpointRounding.AwayFromZero);
    }

    /// <summary>The quantile of the standard normal distribution (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    public static double StandardNormalQuantile(double p)
    {
        if (p is <= 0 or >= 1 || double.IsNaN(p))
        {
            throw new DomainException($"A probability must be between 0 and 1, not {p}.");
        }

        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        if (p > 1 - low)
        {
            return -StandardNormalQuantile(1 - p);
        }

        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}

namespace Stock.Domain.Products;

/// <summary>Turns instants into business dates: calendar days in the business time zone (Europe/Moscow by default).</summary>
public static class BusinessCalendar
{
    /// <summary>The business date of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }
}

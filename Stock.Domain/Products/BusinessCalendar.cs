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

    /// <summary>The business date of a local wall-clock time that carries no offset and is already in the business zone.</summary>
    public static DateOnly DateOf(DateTime wallClock) => DateOnly.FromDateTime(wallClock);
}

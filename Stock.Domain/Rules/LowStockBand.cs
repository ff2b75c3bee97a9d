namespace Stock.Domain.Rules;

/// <summary>A band of the low-on-stock ratio; the higher the band, the more urgent the alert.</summary>
public enum LowStockBand
{
    /// <summary>Ratio from 3.0, for <c>new</c> and <c>absolute_new</c> only; <c>status_notification</c> 1.</summary>
    Sent3 = 1,

    /// <summary>Ratio from 6.2; <c>status_notification</c> 2.</summary>
    Sent6 = 2,

    /// <summary>Ratio from 12.2; <c>status_notification</c> 3.</summary>
    Sent12 = 3,
}

/// <summary>Names and numbers of <see cref="LowStockBand"/>.</summary>
public static class LowStockBandNames
{
    /// <summary>The stored name of the band: <c>sent_3</c>, <c>sent_6</c>, <c>sent_12</c>.</summary>
    public static string ToWire(this LowStockBand band) => band switch
    {
        LowStockBand.Sent3 => "sent_3",
        LowStockBand.Sent6 => "sent_6",
        LowStockBand.Sent12 => "sent_12",
        _ => throw new DomainException($"Unknown low-stock band {(int)band}."),
    };

    /// <summary>Parses a stored name, or throws a <see cref="DomainException"/> naming the bad value.</summary>
    public static LowStockBand Parse(string value) => value switch
    {
        "sent_3" => LowStockBand.Sent3,
        "sent_6" => LowStockBand.Sent6,
        "sent_12" => LowStockBand.Sent12,
        _ => throw new DomainException($"Unknown low-stock band '{value}'."),
    };

    /// <summary>The <c>status_notification</c> number of the band on the wire: 1, 2 or 3.</summary>
    public static int StatusNotification(this LowStockBand band) => (int)band;
}

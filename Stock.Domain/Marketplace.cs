namespace Stock.Domain;

/// <summary>A marketplace on which a seller's products are listed.</summary>
public enum Marketplace
{
    /// <summary>Wildberries; <c>wb</c> on the wire.</summary>
    Wildberries = 1,

    /// <summary>Ozon; <c>ozon</c> on the wire.</summary>
    Ozon = 2,
}

/// <summary>Wire names of <see cref="Marketplace"/>: <c>wb</c> and <c>ozon</c>.</summary>
public static class MarketplaceNames
{
    /// <summary>The exact string that goes on the wire for <paramref name="marketplace"/>.</summary>
    public static string ToWire(this Marketplace marketplace) => marketplace switch
    {
        Marketplace.Wildberries => "wb",
        Marketplace.Ozon => "ozon",
        _ => throw new DomainException($"Unknown marketplace {(int)marketplace}."),
    };

    /// <summary>The marketplace's name as people know it: <c>Wildberries</c>, <c>Ozon</c>.</summary>
    public static string DisplayName(this Marketplace marketplace) => marketplace switch
    {
        Marketplace.Wildberries => "Wildberries",
        Marketplace.Ozon => "Ozon",
        _ => throw new DomainException($"Unknown marketplace {(int)marketplace}."),
    };

    /// <summary>Parses <c>wb</c> or <c>ozon</c> (case-insensitive, trimmed).</summary>
    public static bool TryParse(string? value, out Marketplace marketplace)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "WB":
                marketplace = Marketplace.Wildberries;
                return true;
            case "OZON":
                marketplace = Marketplace.Ozon;
                return true;
            default:
                marketplace = default;
                return false;
        }
    }

    /// <summary>Parses <c>wb</c> or <c>ozon</c>, or throws a <see cref="DomainException"/> naming the bad value.</summary>
    public static Marketplace Parse(string? value) =>
        TryParse(value, out var marketplace)
            ? marketplace
            : throw new DomainException($"Unknown marketplace '{value}': expected 'wb' or 'ozon'.");
}

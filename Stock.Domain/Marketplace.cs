namespace Stock.Domain;

/// <summary>
/// A marketplace on which a seller's products are listed, known by its code on the wire (<c>wb</c>, <c>ozon</c>). The
/// rules are the same on every marketplace; which marketplaces a deployment can read is decided by the adapters it
/// registers (docs/architecture.md, "Add a marketplace"), never by a default.
/// </summary>
public readonly record struct Marketplace
{
    /// <summary>The longest code accepted.</summary>
    public const int MaxCodeLength = 10;

    private readonly string? _code;

    private Marketplace(string code) => _code = code;

    /// <summary>Wildberries; <c>wb</c> on the wire.</summary>
    public static Marketplace Wildberries { get; } = new("wb");

    /// <summary>Ozon; <c>ozon</c> on the wire.</summary>
    public static Marketplace Ozon { get; } = new("ozon");

    /// <summary>The code on the wire, lower case: <c>wb</c>, <c>ozon</c>; empty for <c>default</c>.</summary>
    public string Code => _code ?? string.Empty;

    /// <summary>
    /// The marketplace with the code <paramref name="code"/> (trimmed, any case): 1 to <see cref="MaxCodeLength"/> letters,
    /// digits or <c>-</c>. Whether it can be read is for the registered adapters to say.
    /// </summary>
    /// <exception cref="DomainException">The code is blank, too long or has another character.</exception>
    public static Marketplace Of(string? code)
    {
        var value = code?.Trim().ToLowerInvariant() ?? string.Empty;
        if (value.Length is 0 or > MaxCodeLength || !value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new DomainException($"'{code}' is not a marketplace code: 1 to {MaxCodeLength} letters, digits or '-', e.g. 'wb' or 'ozon'.");
        }

        return value == Wildberries.Code ? Wildberries : value == Ozon.Code ? Ozon : new Marketplace(value);
    }

    /// <inheritdoc />
    public override string ToString() => Code;
}

/// <summary>The wire name of a <see cref="Marketplace"/>.</summary>
public static class MarketplaceNames
{
    /// <summary>The exact string that goes on the wire for <paramref name="marketplace"/>: its <see cref="Marketplace.Code"/>.</summary>
    /// <exception cref="DomainException">The marketplace is <c>default</c>, which names none.</exception>
    public static string ToWire(this Marketplace marketplace) =>
        marketplace.Code.Length > 0 ? marketplace.Code : throw new DomainException("No marketplace given (an empty marketplace code).");
}

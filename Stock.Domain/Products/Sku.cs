namespace Stock.Domain.Products;

/// <summary>
/// One product card on one marketplace: the marketplace id (WB <c>nmID</c>, Ozon <c>sku</c>, kept as a string)
/// and the seller's article (WB <c>vendorCode</c>, Ozon <c>offer_id</c>).
/// </summary>
public sealed record Sku
{
    /// <summary>The longest marketplace id or vendor code accepted.</summary>
    public const int MaxLength = 100;

    private Sku(Marketplace marketplace, string id, string vendorCode)
    {
        Marketplace = marketplace;
        Id = id;
        VendorCode = vendorCode;
    }

    /// <summary>The marketplace that lists the card.</summary>
    public Marketplace Marketplace { get; }

    /// <summary>The marketplace's id of the card (digits).</summary>
    public string Id { get; }

    /// <summary>The seller's article; may be empty when the marketplace has none.</summary>
    public string VendorCode { get; }

    /// <summary>
    /// The public page of the product on Wildberries or Ozon, for a card whose list gives none; another marketplace's
    /// adapter gives the page with the card.
    /// </summary>
    /// <exception cref="DomainException">The marketplace is neither: its page is not known here.</exception>
    public string ProductUrl =>
        Marketplace == Marketplace.Wildberries ? $"https://www.wildberries.ru/catalog/{Id}/detail.aspx"
        : Marketplace == Marketplace.Ozon ? $"https://www.ozon.ru/product/{Id}/"
        : throw new DomainException($"No product page is known for {this}: the {Marketplace.Code} adapter must give it.");

    /// <summary>Validates and creates a sku.</summary>
    /// <remarks>A vendor code longer than <see cref="MaxLength"/> is cut to it.</remarks>
    /// <exception cref="DomainException">The id is blank, not a positive number, or longer than <see cref="MaxLength"/>.</exception>
    public static Sku From(Marketplace marketplace, string? id, string? vendorCode)
    {
        _ = marketplace.ToWire();
        var trimmedId = id?.Trim() ?? string.Empty;
        if (trimmedId.Length == 0 || trimmedId.Length > MaxLength || !trimmedId.All(char.IsAsciiDigit) || trimmedId.All(c => c == '0'))
        {
            throw new DomainException($"Sku '{id}' of {marketplace.ToWire()} is not a positive number.");
        }

        // A vendor code is the seller's free text: one longer than allowed is cut, never a reason to lose the product.
        var code = vendorCode?.Trim() ?? string.Empty;
        code = code.Length > MaxLength ? code[..MaxLength].TrimEnd() : code;

        return new Sku(marketplace, trimmedId, code);
    }

    /// <summary>Creates a sku from a numeric marketplace id.</summary>
    public static Sku From(Marketplace marketplace, long id, string? vendorCode) =>
        From(marketplace, id.ToString(System.Globalization.CultureInfo.InvariantCulture), vendorCode);

    /// <inheritdoc />
    public override string ToString() => $"{Marketplace.ToWire()}:{Id}";
}

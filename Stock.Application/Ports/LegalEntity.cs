using Stock.Domain;

namespace Stock.Application.Ports;

/// <summary>A seller's company, its marketplace keys and how far its sales are synced.</summary>
/// <param name="Id">The stable id; events and products refer to it.</param>
/// <param name="Name">The display name, by which hosts find it.</param>
/// <param name="Accounts">One account per marketplace that has a key.</param>
public sealed record LegalEntity(Guid Id, LegalEntityName Name, IReadOnlyList<MarketplaceAccount> Accounts)
{
    /// <summary>The account of <paramref name="marketplace"/>, or null when it has no key.</summary>
    public MarketplaceAccount? Account(Marketplace marketplace) => Accounts.FirstOrDefault(a => a.Key.Marketplace == marketplace);
}

/// <summary>A legal entity's key on one marketplace and the last business date its sales were synced through.</summary>
/// <param name="Key">The credentials.</param>
/// <param name="SalesSyncedThrough">The business date of the last successful sales sync; null before the first.</param>
public sealed record MarketplaceAccount(MarketplaceKey Key, DateOnly? SalesSyncedThrough)
{
    /// <summary>When a check of this marketplace last succeeded.</summary>
    public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary>When a check of this marketplace last failed.</summary>
    public DateTimeOffset? LastFailureAt { get; init; }

    /// <summary>What failed it then, in one line without secrets.</summary>
    public string? LastFailure { get; init; }

    /// <summary>
    /// Why the stored key cannot be read (encrypted with an encryption key that is not configured, or altered), naming
    /// the legal entity; null when it can. <see cref="Key"/> is then <see cref="MarketplaceKey.Unreadable"/>, never sent.
    /// </summary>
    public string? KeyError { get; init; }

    /// <summary>
    /// Where the marketplace's catalogue was read up to at the last check, for reading only what changed since
    /// (<see cref="ProductListing.Cursor"/>); null before the first check, or where the marketplace cannot say.
    /// </summary>
    public string? CatalogueCursor { get; init; }

    /// <summary>The business date of the last check that read the whole catalogue; null before the first.</summary>
    public DateOnly? CatalogueReadOn { get; init; }

    /// <summary>The marketplace of the key.</summary>
    public Marketplace Marketplace => Key.Marketplace;
}

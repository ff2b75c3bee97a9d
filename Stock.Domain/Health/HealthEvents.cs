namespace Stock.Domain.Health;

/// <summary>
/// An event about a legal entity's access to a marketplace rather than about a product (docs/events.md):
/// a monitor that silently stops is the worst failure, so a dead or dying key is an alert of its own.
/// </summary>
public interface IHealthEvent
{
    /// <summary>The deterministic identity; its deduplication key is <c>health:&lt;kind&gt;:&lt;legal entity&gt;:&lt;marketplace&gt;</c>.</summary>
    Events.EventIdentity Identity { get; }

    /// <summary>The event type on the wire: <c>MarketplaceAccessLost</c> or <c>MarketplaceKeyExpiring</c>.</summary>
    string EventType { get; }

    /// <summary>The <c>kind</c> on the wire: <c>access_lost</c> or <c>key_expiring</c>.</summary>
    string Kind { get; }

    /// <summary>The legal entity.</summary>
    Guid LegalEntityId { get; }

    /// <summary>The marketplace.</summary>
    Marketplace Marketplace { get; }
}

/// <summary>A marketplace rejected the legal entity's key during a check (WB 401/403; Ozon 401/403 or "Invalid Api-Key").</summary>
/// <param name="LegalEntityId">The legal entity.</param>
/// <param name="Marketplace">The marketplace.</param>
/// <param name="Status">The HTTP status of the rejection.</param>
/// <param name="Message">What the marketplace said, in one line, with no part of the key.</param>
/// <param name="BusinessDate">The business date of the check.</param>
public sealed record MarketplaceAccessLost(Guid LegalEntityId, Marketplace Marketplace, int? Status, string Message, DateOnly BusinessDate) : IHealthEvent
{
    /// <summary>The event type on the wire.</summary>
    public const string TypeName = "MarketplaceAccessLost";

    /// <inheritdoc />
    public Events.EventIdentity Identity { get; } = Events.EventIdentity.ForHealth("access_lost", LegalEntityId, Marketplace, BusinessDate);

    /// <inheritdoc />
    public string EventType => TypeName;

    /// <inheritdoc />
    public string Kind => "access_lost";
}

/// <summary>A key that expires soon (a WB token's <c>exp</c> claim), read locally from the key.</summary>
/// <param name="LegalEntityId">The legal entity.</param>
/// <param name="Marketplace">The marketplace.</param>
/// <param name="ExpiresAt">When the key expires.</param>
/// <param name="DaysLeft">Whole days from the check to the expiry (0 when it has expired).</param>
/// <param name="BusinessDate">The business date of the check.</param>
public sealed record MarketplaceKeyExpiring(Guid LegalEntityId, Marketplace Marketplace, DateTimeOffset ExpiresAt, int DaysLeft, DateOnly BusinessDate) : IHealthEvent
{
    /// <summary>The event type on the wire.</summary>
    public const string TypeName = "MarketplaceKeyExpiring";

    /// <inheritdoc />
    public Events.EventIdentity Identity { get; } = Events.EventIdentity.ForHealth("key_expiring", LegalEntityId, Marketplace, BusinessDate);

    /// <inheritdoc />
    public string EventType => TypeName;

    /// <inheritdoc />
    public string Kind => "key_expiring";

    /// <summary>
    /// The warning for a key that expires at <paramref name="expiresAt"/>, seen at <paramref name="now"/>, when that is within
    /// <paramref name="warningDays"/> days (an expired key included, with 0 days left); null otherwise.
    /// </summary>
    public static MarketplaceKeyExpiring? Warn(Guid legalEntityId, Marketplace marketplace, DateTimeOffset expiresAt, DateTimeOffset now, int warningDays, DateOnly businessDate)
    {
        var daysLeft = Math.Max(0, (int)Math.Floor((expiresAt - now).TotalDays));
        return expiresAt - now <= TimeSpan.FromDays(warningDays)
            ? new MarketplaceKeyExpiring(legalEntityId, marketplace, expiresAt, daysLeft, businessDate)
            : null;
    }
}

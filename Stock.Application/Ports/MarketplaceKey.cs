using Stock.Domain;

namespace Stock.Application.Ports;

/// <summary>
/// The credentials of one legal entity on one marketplace: a Wildberries token, or an Ozon <c>Client-Id</c> and
/// <c>Api-Key</c>. <see cref="ToString"/> masks the secret, so a key that reaches a log or a message shows none of it.
/// </summary>
public sealed record MarketplaceKey
{
    private MarketplaceKey(Marketplace marketplace, string? clientId, string secret)
    {
        Marketplace = marketplace;
        ClientId = clientId;
        Secret = secret;
    }

    /// <summary>The marketplace the key is for.</summary>
    public Marketplace Marketplace { get; }

    /// <summary>The Ozon <c>Client-Id</c>; null for Wildberries.</summary>
    public string? ClientId { get; }

    /// <summary>The Wildberries token or the Ozon <c>Api-Key</c>. Never log it.</summary>
    public string Secret { get; }

    /// <summary>A Wildberries key: the bearer token.</summary>
    /// <exception cref="ArgumentException">The token is blank or has white space or control characters inside.</exception>
    public static MarketplaceKey Wildberries(string token) => new(Marketplace.Wildberries, null, RequireSecret(token, "token"));

    /// <summary>An Ozon key: the numeric <c>Client-Id</c> and the <c>Api-Key</c>.</summary>
    /// <exception cref="ArgumentException">The client id is not a number or the key is blank.</exception>
    public static MarketplaceKey Ozon(string clientId, string apiKey)
    {
        var id = clientId?.Trim() ?? string.Empty;
        if (id.Length == 0 || !id.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("The Ozon client id must be a number.", nameof(clientId));
        }

        return new MarketplaceKey(Marketplace.Ozon, id, RequireSecret(apiKey, "API key"));
    }

    /// <summary>The secret with all but its last four characters hidden, for listings.</summary>
    public string Masked => Secret.Length <= 8 ? "****" : "****" + Secret[^4..];

    /// <inheritdoc />
    public override string ToString() =>
        ClientId is null ? $"{Marketplace.ToWire()} key {Masked}" : $"{Marketplace.ToWire()} key client {ClientId} {Masked}";

    private static string RequireSecret(string? secret, string what)
    {
        var value = secret?.Trim() ?? string.Empty;
        if (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"The {what} is blank or contains white space.", nameof(secret));
        }

        return value;
    }
}

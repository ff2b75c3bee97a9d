using Stock.Application.Ports;
using Stock.Domain;

namespace Stock.Application.Marketplaces;

/// <summary>The shape of a marketplace's key.</summary>
public enum KeyShape
{
    /// <summary>One token (Wildberries): <c>--token</c>.</summary>
    Token = 1,

    /// <summary>A numeric client id and an API key (Ozon): <c>--client-id</c> and <c>--api-key</c>.</summary>
    ClientIdAndApiKey = 2,
}

/// <summary>
/// What the application knows of a marketplace it can read: its code, its name as people know it, and the shape of its
/// key. Registered with the marketplace's adapter (<see cref="MarketplaceRegistration.AddMarketplace{TClient}"/>).
/// </summary>
/// <param name="Marketplace">The marketplace.</param>
/// <param name="DisplayName">Its name as people know it: <c>Wildberries</c>, <c>Ozon</c>.</param>
/// <param name="KeyShape">The shape of its key.</param>
public sealed record MarketplaceDefinition(Marketplace Marketplace, string DisplayName, KeyShape KeyShape)
{
    /// <summary>The key from what the user gave: exactly the parts <see cref="KeyShape"/> asks for, and no other.</summary>
    /// <exception cref="ArgumentException">A part is missing, malformed, or not one of this marketplace's.</exception>
    public MarketplaceKey CreateKey(string? token, string? clientId, string? apiKey)
    {
        var code = Marketplace.ToWire();
        var article = code.Length > 0 && "aeiou".Contains(code[0], StringComparison.Ordinal) ? "An" : "A";
        switch (KeyShape)
        {
            case KeyShape.Token:
                if (!string.IsNullOrWhiteSpace(clientId) || !string.IsNullOrWhiteSpace(apiKey))
                {
                    throw new ArgumentException($"{article} {code} key is a --token; --client-id and --api-key are not part of it.");
                }

                return MarketplaceKey.Token(Marketplace, token ?? throw new ArgumentException($"{article} {code} key needs --token."));
            case KeyShape.ClientIdAndApiKey:
                if (!string.IsNullOrWhiteSpace(token))
                {
                    throw new ArgumentException($"{article} {code} key is --client-id and --api-key; --token is not part of it.");
                }

                return MarketplaceKey.ClientIdAndApiKey(
                    Marketplace,
                    clientId ?? throw new ArgumentException($"{article} {code} key needs --client-id."),
                    apiKey ?? throw new ArgumentException($"{article} {code} key needs --api-key."),
                    DisplayName);
            default:
                throw new InvalidOperationException($"The key shape {KeyShape} of {code} is not known.");
        }
    }
}

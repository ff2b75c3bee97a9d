using Stock.Domain;

namespace Stock.Application.Ports;

/// <summary>
/// The credentials of one legal entity on one marketplace, in one of the shapes of <see cref="Marketplaces.KeyShape"/>: a token (a
/// Wildberries token), or a client id and an API key (an Ozon <c>Client-Id</c> and <c>Api-Key</c>). <see cref="ToString"/> masks the secret, so a key that reaches a log or a message shows none of it.
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

    /// <summary>The client id of a client id and API key (Ozon's <c>Client-Id</c>); null for a token.</summary>
    public string? ClientId { get; }

    /// <summary>The token, or the API key (Ozon's <c>Api-Key</c>). Never log it.</summary>
    public string Secret { get; }

    /// <summary>A key that is one token (a Wildberries bearer token).</summary>
    /// <exception cref="ArgumentException">The token is blank or has a character other than printable ASCII (an HTTP header carries it).</exception>
    public static MarketplaceKey Token(Marketplace marketplace, string token) => new(Known(marketplace), null, RequireSecret(token, "token"));

    /// <summary>A key that is a numeric client id and an API key (an Ozon <c>Client-Id</c> and <c>Api-Key</c>).</summary>
    /// <exception cref="ArgumentException">The client id is not a positive <see cref="long"/>, or the key is blank or not printable ASCII.</exception>
    /// <param name="marketplace">The marketplace.</param>
    /// <param name="clientId">The client id.</param>
    /// <param name="apiKey">The API key.</param>
    /// <param name="marketplaceName">The marketplace's name in the error about the client id; its code when null.</param>
    public static MarketplaceKey ClientIdAndApiKey(Marketplace marketplace, string clientId, string apiKey, string? marketplaceName = null)
    {
        var id = clientId?.Trim() ?? string.Empty;
        if (id.Length == 0 || !id.All(char.IsAsciiDigit) || !long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            throw new ArgumentException($"The {marketplaceName ?? marketplace.ToWire()} client id must be a positive number of at most {long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture).Length} digits.", nameof(clientId));
        }

        return new MarketplaceKey(Known(marketplace), id, RequireSecret(apiKey, "API key"));
    }

    /// <summary>
    /// The place of a stored key that cannot be decrypted (<see cref="MarketplaceAccount.KeyError"/>): its marketplace
    /// and client id, and no secret. Nothing sends it; a check refuses the legal entity first.
    /// </summary>
    public static MarketplaceKey Unreadable(Marketplace marketplace, string? clientId) => new(Known(marketplace), clientId, string.Empty);

    /// <summary>A Wildberries key: the bearer token.</summary>
    /// <exception cref="ArgumentException">The token is blank or not printable ASCII.</exception>
    public static MarketplaceKey Wildberries(string token) => Token(Marketplace.Wildberries, token);

    /// <summary>An Ozon key: the numeric <c>Client-Id</c> and the <c>Api-Key</c>.</summary>
    /// <exception cref="ArgumentException">The client id is not a positive <see cref="long"/>, or the key is blank or not printable ASCII.</exception>
    public static MarketplaceKey Ozon(string clientId, string apiKey) => ClientIdAndApiKey(Marketplace.Ozon, clientId, apiKey, "Ozon");

    /// <summary>
    /// When the key expires, when it says so itself: a token that is a JWT (as WB's are) has an <c>exp</c> claim, read
    /// here, locally (the token is never sent anywhere for it); null for a client id and API key, or a token without it.
    /// </summary>
    public DateTimeOffset? ExpiresAt => ClientId is null ? JwtExpiry(Secret) : null;

    /// <summary>The secret with all but its last four characters hidden, for listings.</summary>
    public string Masked => Secret.Length <= 8 ? "****" : "****" + Secret[^4..];

    /// <inheritdoc />
    public override string ToString() =>
        ClientId is null ? $"{Marketplace.ToWire()} key {Masked}" : $"{Marketplace.ToWire()} key client {ClientId} {Masked}";

    /// <summary>
    /// <paramref name="text"/> with every part of the secret of <see cref="MinimumSecretFragment"/> characters or more,
    /// in any case, replaced by <c>****</c>: for text that came from outside (an error body that echoes the key),
    /// before it reaches a log, a message or an event. Cut text only after scrubbing it.
    /// </summary>
    public string Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text) || Secret.Length < MinimumSecretFragment)
        {
            return text ?? string.Empty;
        }

        var hidden = new bool[text.Length];
        var found = false;
        for (var start = 0; start + MinimumSecretFragment <= Secret.Length; start++)
        {
            var fragment = Secret.AsSpan(start, MinimumSecretFragment);
            for (var at = text.AsSpan().IndexOf(fragment, StringComparison.OrdinalIgnoreCase); at >= 0;)
            {
                Array.Fill(hidden, true, at, MinimumSecretFragment);
                found = true;
                var next = text.AsSpan(at + 1).IndexOf(fragment, StringComparison.OrdinalIgnoreCase);
                at = next < 0 ? -1 : at + 1 + next;
            }
        }

        if (!found)
        {
            return text;
        }

        var scrubbed = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (!hidden[i])
            {
                scrubbed.Append(text[i]);
            }
            else if (i == 0 || !hidden[i - 1])
            {
                scrubbed.Append("****");
            }
        }

        return scrubbed.ToString();
    }

    /// <summary>The shortest part of a secret that <see cref="Scrub"/> hides.</summary>
    public const int MinimumSecretFragment = 8;

    private static DateTimeOffset? JwtExpiry(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var json = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(payload));
            return json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && json.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static Marketplace Known(Marketplace marketplace)
    {
        _ = marketplace.ToWire();
        return marketplace;
    }

    private static string RequireSecret(string? secret, string what)
    {
        var value = secret?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            throw new ArgumentException($"The {what} is blank.", nameof(secret));
        }

        // The secret travels in an HTTP header: anything but printable ASCII would fail every request of every check.
        var bad = value.AsSpan().IndexOfAnyExceptInRange('!', '~');
        if (bad >= 0)
        {
            throw new ArgumentException($"The {what} has a character that is not printable ASCII (position {bad + 1}); paste it again exactly as the marketplace shows it.", nameof(secret));
        }

        return value;
    }
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Health;

namespace Stock.Application.Checks;

/// <summary>Turns health events into outbox messages with the payload and attributes of docs/events.md.</summary>
public static class HealthMessages
{
    private static readonly JsonWriterOptions _writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The outbox message of <paramref name="health"/>, raised at <paramref name="raisedAt"/> for the seller
    /// <paramref name="seller"/>, naming the marketplace as <paramref name="marketplaceName"/> in its message.
    /// </summary>
    public static OutboxMessage From(IHealthEvent health, string seller, string marketplaceName, DateTimeOffset raisedAt)
    {
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(seller);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, _writer))
        {
            json.WriteStartObject();
            json.WriteString("source", AlertMessages.Source);
            json.WriteString("guid", health.Identity.Id.ToString("D", CultureInfo.InvariantCulture));
            json.WriteString("time", raisedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteStartObject("data");
            json.WriteStartObject("health");
            json.WriteString("seller", seller);
            json.WriteString("mp", health.Marketplace.ToWire());
            json.WriteString("kind", health.Kind);
            switch (health)
            {
                case MarketplaceAccessLost lost:
                    WriteNullableNumber(json, "status", lost.Status);
                    json.WriteNull("expires_at");
                    json.WriteNull("days_left");
                    json.WriteString("message", lost.Message);
                    break;
                case MarketplaceKeyExpiring expiring:
                    json.WriteNull("status");
                    json.WriteString("expires_at", expiring.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    json.WriteNumber("days_left", expiring.DaysLeft);
                    json.WriteString("message", $"The {marketplaceName} key expires in {expiring.DaysLeft} day(s), on {expiring.ExpiresAt.UtcDateTime:yyyy-MM-dd}: issue a new one and run `stock keys set`.");
                    break;
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        var attributes = new Dictionary<string, string>
        {
            ["event_type"] = health.EventType,
            ["event_id"] = health.Identity.Id.ToString("D", CultureInfo.InvariantCulture),
            ["legal_entity"] = seller,
            ["marketplace"] = health.Marketplace.ToWire(),
        };
        return new OutboxMessage(health.Identity.Id, health.EventType, health.Identity.DedupKey, health.LegalEntityId, System.Text.Encoding.UTF8.GetString(buffer.ToArray()), attributes, raisedAt);
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}

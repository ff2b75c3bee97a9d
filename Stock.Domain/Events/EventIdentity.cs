using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Stock.Domain.Products;

namespace Stock.Domain.Events;

/// <summary>
/// The deterministic identity of a domain event: the same (type, legal entity, marketplace, sku, band or direction,
/// business date) always yields the same <see cref="Id"/>, so that a re-run or a retry yields the same event.
/// </summary>
public sealed record EventIdentity
{
    // A fixed namespace for name-based (version 5) UUIDs of Stock events.
    private static readonly Guid _namespace = new("3c7a9d2e-5b1f-4e08-9a6d-2f4c8b71e0d5");

    private EventIdentity(Guid id, string dedupKey, string name)
    {
        Id = id;
        DedupKey = dedupKey;
        Name = name;
    }

    /// <summary>The event id: a version 5 UUID of <see cref="Name"/>. Also the <c>guid</c> of the wire payload.</summary>
    public Guid Id { get; }

    /// <summary>The deduplication key: the id's inputs without the date.</summary>
    public string DedupKey { get; }

    /// <summary>The canonical text the id is derived from.</summary>
    public string Name { get; }

    /// <summary>Derives the identity of an event.</summary>
    public static EventIdentity Create(string eventType, Guid legalEntityId, Sku sku, string discriminator, DateOnly businessDate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        ArgumentNullException.ThrowIfNull(sku);
        ArgumentException.ThrowIfNullOrWhiteSpace(discriminator);
        var key = string.Join(
            ':',
            eventType,
            legalEntityId.ToString("D", CultureInfo.InvariantCulture),
            sku.Marketplace.ToWire(),
            sku.Id,
            discriminator);
        var name = key + ":" + businessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new EventIdentity(NameBasedUuid(name), key, name);
    }

    /// <summary>
    /// Derives the identity of a health event: deduplicated by <c>health:&lt;kind&gt;:&lt;legal entity&gt;:&lt;marketplace&gt;</c>,
    /// one id per business date.
    /// </summary>
    public static EventIdentity ForHealth(string kind, Guid legalEntityId, Marketplace marketplace, DateOnly businessDate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        var key = string.Join(':', "health", kind, legalEntityId.ToString("D", CultureInfo.InvariantCulture), marketplace.ToWire());
        var name = key + ":" + businessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new EventIdentity(NameBasedUuid(name), key, name);
    }

    // RFC 9562 section 5.5: SHA-1 of namespace + name, version 5, variant 10.
    private static Guid NameBasedUuid(string name)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetByteCount(name)];
        _namespace.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5 UUIDs; no security rests on it.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}

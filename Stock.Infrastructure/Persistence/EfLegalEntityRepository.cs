using Microsoft.EntityFrameworkCore;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Infrastructure.Persistence.Rows;
using Stock.Infrastructure.Secrets;

namespace Stock.Infrastructure.Persistence;

/// <summary>Legal entities and their keys; a key is encrypted on its way into <c>api_keys.secret</c> and decrypted on its way out.</summary>
internal sealed class EfLegalEntityRepository(StockDbContext db, TimeProvider time, KeyCipher cipher) : ILegalEntityRepository
{
    public async Task<LegalEntity?> FindByNameAsync(LegalEntityName name, CancellationToken cancellationToken)
    {
        var row = await db.LegalEntities.AsNoTracking().Include(e => e.Keys).FirstOrDefaultAsync(e => e.Name == name.Value, cancellationToken);
        return row is null ? null : Map(row);
    }

    public async Task<IReadOnlyList<LegalEntity>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await db.LegalEntities.AsNoTracking().Include(e => e.Keys).ToListAsync(cancellationToken);
        return rows.Select(Map).OrderBy(e => e.Name.Value, StringComparer.Ordinal).ToArray();
    }

    public async Task<LegalEntity> SetKeyAsync(LegalEntityName name, MarketplaceKey key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var row = db.LegalEntities.Local.FirstOrDefault(e => e.Name == name.Value)
            ?? await db.LegalEntities.Include(e => e.Keys).FirstOrDefaultAsync(e => e.Name == name.Value, cancellationToken);
        if (row is null)
        {
            row = new LegalEntityRow { Id = Guid.CreateVersion7(time.GetUtcNow()), Name = name.Value, CreatedAt = now };
            db.LegalEntities.Add(row);
        }

        var marketplace = key.Marketplace.ToWire();
        var keyRow = row.Keys.FirstOrDefault(k => k.Marketplace == marketplace);
        if (keyRow is null)
        {
            keyRow = new ApiKeyRow { LegalEntityId = row.Id, Marketplace = marketplace };
            row.Keys.Add(keyRow);
        }

        keyRow.ClientId = key.ClientId;
        keyRow.Secret = cipher.Encrypt(key.Secret, RowOf(keyRow));
        keyRow.UpdatedAt = now;
        return Map(row);
    }

    public async Task MarkSalesSyncedAsync(Guid legalEntityId, Marketplace marketplace, DateOnly through, CancellationToken cancellationToken)
    {
        var mp = marketplace.ToWire();
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.LegalEntityId == legalEntityId && k.Marketplace == mp, cancellationToken);
        if (key is not null)
        {
            key.SalesSyncedThrough = through;
        }
    }

    public async Task MarkCatalogueReadAsync(Guid legalEntityId, Marketplace marketplace, string? cursor, DateOnly? wholeOn, CancellationToken cancellationToken)
    {
        var mp = marketplace.ToWire();
        var key = db.ApiKeys.Local.FirstOrDefault(k => k.LegalEntityId == legalEntityId && k.Marketplace == mp)
            ?? await db.ApiKeys.FirstOrDefaultAsync(k => k.LegalEntityId == legalEntityId && k.Marketplace == mp, cancellationToken);
        if (key is null)
        {
            return;
        }

        key.CatalogueCursor = cursor is { Length: > 200 } ? null : cursor; // a position too long to keep: read the whole catalogue next time
        if (wholeOn is { } on)
        {
            key.CatalogueReadOn = on;
        }
    }

    public async Task RecordCheckAsync(Guid legalEntityId, Marketplace marketplace, DateTimeOffset at, string? failure, CancellationToken cancellationToken)
    {
        var mp = marketplace.ToWire();
        var key = db.ApiKeys.Local.FirstOrDefault(k => k.LegalEntityId == legalEntityId && k.Marketplace == mp)
            ?? await db.ApiKeys.FirstOrDefaultAsync(k => k.LegalEntityId == legalEntityId && k.Marketplace == mp, cancellationToken);
        if (key is null)
        {
            return;
        }

        if (failure is null)
        {
            key.LastSuccessAt = at.UtcDateTime;
        }
        else
        {
            key.LastFailureAt = at.UtcDateTime;
            key.LastFailure = failure.Length > 500 ? failure[..500] : failure;
        }
    }

    public async Task<int> RewriteKeysAsync(CancellationToken cancellationToken)
    {
        var rows = await db.ApiKeys.ToListAsync(cancellationToken);
        var rewritten = 0;
        foreach (var row in rows.Where(r => !r.Secret.StartsWith($"enc:v1:{cipher.CurrentKeyId}:", StringComparison.Ordinal)))
        {
            row.Secret = cipher.Encrypt(cipher.Decrypt(row.Secret, RowOf(row)), RowOf(row));
            rewritten++;
        }

        return rewritten;
    }

    /// <summary>The associated data that binds a ciphertext to its row.</summary>
    private static string RowOf(ApiKeyRow row) => $"legal entity {row.LegalEntityId:D} {row.Marketplace}";

    private LegalEntity Map(LegalEntityRow row) => new(
        row.Id,
        LegalEntityName.From(row.Name),
        row.Keys.OrderBy(k => k.Marketplace, StringComparer.Ordinal).Select(k => Account(row, k)).ToArray());

    // A key that does not decrypt is listed as such, naming its legal entity; it fails a check of that entity alone.
    private MarketplaceAccount Account(LegalEntityRow entity, ApiKeyRow row)
    {
        var marketplace = Marketplace.Of(row.Marketplace);
        var readable = cipher.TryDecrypt(row.Secret, RowOf(row), $"the {row.Marketplace} key of '{entity.Name}'", out var secret, out var error);
        var key = !readable ? MarketplaceKey.Unreadable(marketplace, row.ClientId)
            : row.ClientId is { } clientId ? MarketplaceKey.ClientIdAndApiKey(marketplace, clientId, secret) // stored in its shape, never guessed
            : MarketplaceKey.Token(marketplace, secret);
        return new MarketplaceAccount(key, row.SalesSyncedThrough)
        {
            LastSuccessAt = Utc(row.LastSuccessAt),
            LastFailureAt = Utc(row.LastFailureAt),
            LastFailure = row.LastFailure,
            KeyError = readable ? null : error,
            CatalogueCursor = row.CatalogueCursor,
            CatalogueReadOn = row.CatalogueReadOn,
        };
    }

    private static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
}

using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Infrastructure.Persistence;
using Stock.Infrastructure.Persistence.Rows;
using Stock.Infrastructure.Secrets;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

/// <summary>Keys at rest (docs/contracts.md) on SQLite and MariaDB: no key in <c>api_keys.secret</c>, keys that rotate, old plain rows still read.</summary>
[Trait("Needs", "Services")]
public sealed class KeysAtRestTests
{
    private const string WbToken = "eyJhbGciOiJFUzI1NiJ9.wb-token-at-rest-0123456789";
    private const string OzonKey = "5b6c0ad1-7f0e-4c1b-9a1e-at-rest-0f99";
    private static readonly LegalEntityName Name = LegalEntityName.From("ООО Амодекор");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task StoredKeys_AreCiphertextNamingTheirKey_AndReadBackWhole(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SetKeysAsync(database.Units);

        var rows = await RowsAsync(database);

        rows.Should().HaveCount(2).And.OnlyContain(r => r.Secret.StartsWith($"enc:v1:{database.Cipher.CurrentKeyId}:", StringComparison.Ordinal));
        rows.Should().NotContain(r => r.Secret.Contains("at-rest", StringComparison.OrdinalIgnoreCase));
        var entity = await FindAsync(database.Units);
        entity.Account(Marketplace.Wildberries)!.Key.Secret.Should().Be(WbToken);
        entity.Account(Marketplace.Ozon)!.Key.Secret.Should().Be(OzonKey);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rotation_OldKeyStillDecrypts_UntilEveryRowIsRewrittenUnderTheNewOne(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var old = Key();
        var oldCipher = new KeyCipher(() => new KeyRing(old, []));
        await SetKeysAsync(Units(database, oldCipher));
        var current = Key();
        var rotating = Units(database, new KeyCipher(() => new KeyRing(current, [old])));

        (await FindAsync(rotating)).Account(Marketplace.Wildberries)!.Key.Secret.Should().Be(WbToken, "the previous key decrypts");
        await using (var unit = rotating.Begin())
        {
            (await unit.LegalEntities.RewriteKeysAsync(default)).Should().Be(2);
            await unit.CommitAsync(default);
        }

        (await RowsAsync(database)).Should().OnlyContain(r => r.Secret.StartsWith($"enc:v1:{current.Id}:", StringComparison.Ordinal));
        var rotated = Units(database, new KeyCipher(() => new KeyRing(current, [])));
        (await FindAsync(rotated)).Account(Marketplace.Ozon)!.Key.Secret.Should().Be(OzonKey, "the new key alone reads every row");
        var unreadable = (await FindAsync(Units(database, oldCipher))).Account(Marketplace.Ozon)!;
        unreadable.KeyError.Should().Match($"The ozon key of 'ООО Амодекор' was encrypted with encryption key '{current.Id}'*Stock:Secrets:PreviousKeys*");
        unreadable.Key.Secret.Should().BeEmpty("a key that does not decrypt is never sent");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PlainRowOfAnOlderVersion_IsRead_AndEncryptedByTheRotation(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SetKeysAsync(database.Units);
        await using (var db = database.Contexts.Create())
        {
            await db.ApiKeys.Where(k => k.Marketplace == "wb").ExecuteUpdateAsync(set => set.SetProperty(k => k.Secret, WbToken));
        }

        (await FindAsync(database.Units)).Account(Marketplace.Wildberries)!.Key.Secret.Should().Be(WbToken);
        await using (var unit = database.Units.Begin())
        {
            (await unit.LegalEntities.RewriteKeysAsync(default)).Should().Be(1, "only the plain row needs it");
            await unit.CommitAsync(default);
        }

        (await RowsAsync(database)).Should().NotContain(r => r.Secret.Contains(WbToken, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CiphertextMovedToAnotherRow_DoesNotDecrypt(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SetKeysAsync(database.Units);
        await using (var db = database.Contexts.Create())
        {
            var wb = await db.ApiKeys.SingleAsync(k => k.Marketplace == "wb");
            await db.ApiKeys.Where(k => k.Marketplace == "ozon").ExecuteUpdateAsync(set => set.SetProperty(k => k.Secret, wb.Secret));
        }

        var entity = await FindAsync(database.Units);
        entity.Account(Marketplace.Ozon)!.KeyError.Should().Be("The ozon key of 'ООО Амодекор' does not decrypt: it was altered or belongs to another row.");
        entity.Account(Marketplace.Wildberries)!.KeyError.Should().BeNull();
    }

    private static EncryptionKey Key() => EncryptionKey.From(RandomNumberGenerator.GetBytes(32));

    private static EfUnitOfWorkFactory Units(TestDatabase database, KeyCipher cipher) => new(database.Contexts, database.Time, cipher);

    private static async Task SetKeysAsync(EfUnitOfWorkFactory units)
    {
        await using var unit = units.Begin();
        await unit.LegalEntities.SetKeyAsync(Name, MarketplaceKey.Wildberries(WbToken), default);
        await unit.LegalEntities.SetKeyAsync(Name, MarketplaceKey.Ozon("123456", OzonKey), default);
        await unit.CommitAsync(default);
    }

    private static async Task<LegalEntity> FindAsync(EfUnitOfWorkFactory units)
    {
        await using var unit = units.Begin();
        return (await unit.LegalEntities.FindByNameAsync(Name, default))!;
    }

    private static async Task<List<ApiKeyRow>> RowsAsync(TestDatabase database)
    {
        await using var db = database.Contexts.Create();
        return await db.ApiKeys.AsNoTracking().ToListAsync();
    }
}

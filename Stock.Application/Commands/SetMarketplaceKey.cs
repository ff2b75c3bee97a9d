using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Domain;

namespace Stock.Application.Commands;

/// <summary>Store a legal entity's key for one marketplace, creating the legal entity if it is new.</summary>
/// <param name="LegalEntity">The legal entity's name.</param>
/// <param name="Marketplace">The marketplace, <c>wb</c> or <c>ozon</c>.</param>
/// <param name="Token">The Wildberries token.</param>
/// <param name="ClientId">The Ozon <c>Client-Id</c>.</param>
/// <param name="ApiKey">The Ozon <c>Api-Key</c>.</param>
public sealed record SetMarketplaceKey(string LegalEntity, string Marketplace, string? Token = null, string? ClientId = null, string? ApiKey = null)
    : ICommand<LegalEntitySummary>
{
    /// <inheritdoc />
    public override string ToString() => $"SetMarketplaceKey {{ LegalEntity = {LegalEntity}, Marketplace = {Marketplace} }}";
}

/// <summary>A legal entity and its keys, masked.</summary>
/// <param name="Name">The name.</param>
/// <param name="Keys">Per marketplace with a key: the masked key.</param>
public sealed record LegalEntitySummary(string Name, IReadOnlyDictionary<Marketplace, string> Keys)
{
    /// <summary>Per marketplace with a key: the masked key, when it expires (if it says), and how its checks last went.</summary>
    public IReadOnlyList<KeySummary> Accounts { get; init; } = [];
}

/// <summary>One key of a legal entity, as <c>stock keys list</c> shows it.</summary>
/// <param name="Marketplace">The marketplace.</param>
/// <param name="Masked">The key, masked.</param>
/// <param name="ExpiresAt">When the key expires, when it says so (a WB token's <c>exp</c>).</param>
/// <param name="LastSuccessAt">When a check of it last succeeded.</param>
/// <param name="LastFailureAt">When a check of it last failed.</param>
/// <param name="LastFailure">What failed it then.</param>
public sealed record KeySummary(Marketplace Marketplace, string Masked, DateTimeOffset? ExpiresAt, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastFailureAt, string? LastFailure);

/// <summary>List the legal entities and which marketplaces have keys (masked).</summary>
public sealed record ListLegalEntities : ICommand<IReadOnlyList<LegalEntitySummary>>;

/// <summary>Re-encrypt every stored marketplace key under the current encryption key (docs/contracts.md, Keys at rest); returns how many were rewritten.</summary>
public sealed record RotateKeyEncryption : ICommand<int>;

internal sealed class RotateKeyEncryptionHandler(IUnitOfWorkFactory units) : ICommandHandler<RotateKeyEncryption, int>
{
    public async Task<int> HandleAsync(RotateKeyEncryption command, CancellationToken cancellationToken)
    {
        await using var unit = units.Begin();
        var rewritten = await unit.LegalEntities.RewriteKeysAsync(cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return rewritten;
    }
}

internal sealed class SetMarketplaceKeyHandler(IUnitOfWorkFactory units) : ICommandHandler<SetMarketplaceKey, LegalEntitySummary>
{
    public async Task<LegalEntitySummary> HandleAsync(SetMarketplaceKey command, CancellationToken cancellationToken)
    {
        LegalEntityName name;
        MarketplaceKey key;
        try
        {
            name = LegalEntityName.From(command.LegalEntity);
            key = MarketplaceNames.Parse(command.Marketplace) switch
            {
                Domain.Marketplace.Wildberries when !string.IsNullOrWhiteSpace(command.ClientId) || !string.IsNullOrWhiteSpace(command.ApiKey) =>
                    throw new ArgumentException("A wb key is a --token; --client-id and --api-key are for ozon."),
                Domain.Marketplace.Wildberries => MarketplaceKey.Wildberries(command.Token ?? throw new ArgumentException("A wb key needs --token.")),
                Domain.Marketplace.Ozon when !string.IsNullOrWhiteSpace(command.Token) => throw new ArgumentException("An ozon key is --client-id and --api-key; --token is for wb."),
                Domain.Marketplace.Ozon => MarketplaceKey.Ozon(
                    command.ClientId ?? throw new ArgumentException("An ozon key needs --client-id."),
                    command.ApiKey ?? throw new ArgumentException("An ozon key needs --api-key.")),
                var other => throw new InvalidOperationException($"No key shape is known for marketplace {other}."),
            };
        }
        catch (Exception ex) when (ex is DomainException or ArgumentException)
        {
            throw new CheckRejectedException(CheckRejection.InvalidInput, ex is ArgumentException arg ? arg.Message.Split(" (Parameter", 2)[0] : ex.Message);
        }

        await using var unit = units.Begin();
        var entity = await unit.LegalEntities.SetKeyAsync(name, key, cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return LegalEntitySummaries.Of(entity);
    }
}

internal sealed class ListLegalEntitiesHandler(IUnitOfWorkFactory units) : ICommandHandler<ListLegalEntities, IReadOnlyList<LegalEntitySummary>>
{
    public async Task<IReadOnlyList<LegalEntitySummary>> HandleAsync(ListLegalEntities command, CancellationToken cancellationToken)
    {
        await using var unit = units.Begin();
        return (await unit.LegalEntities.ListAsync(cancellationToken)).Select(LegalEntitySummaries.Of).ToArray();
    }
}

internal static class LegalEntitySummaries
{
    public static LegalEntitySummary Of(LegalEntity entity) =>
        new(entity.Name.Value, entity.Accounts.ToDictionary(a => a.Marketplace, Masked))
        {
            Accounts = entity.Accounts.Select(a => new KeySummary(a.Marketplace, Masked(a), a.Key.ExpiresAt, a.LastSuccessAt, a.LastFailureAt, a.LastFailure)).ToArray(),
        };

    private static string Masked(MarketplaceAccount account) =>
        account.Key.ClientId is null ? account.Key.Masked : $"client {account.Key.ClientId}, key {account.Key.Masked}";
}

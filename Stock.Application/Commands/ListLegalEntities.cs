using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Domain;

namespace Stock.Application.Commands;

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

    private static string Masked(MarketplaceAccount account) => account switch
    {
        { KeyError: not null, Key.ClientId: { } clientId } => $"client {clientId}, key cannot be decrypted",
        { KeyError: not null } => "cannot be decrypted",
        { Key.ClientId: { } clientId } => $"client {clientId}, key {account.Key.Masked}",
        _ => account.Key.Masked,
    };
}

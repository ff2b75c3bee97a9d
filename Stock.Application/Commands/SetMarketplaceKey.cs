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

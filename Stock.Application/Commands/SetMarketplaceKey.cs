using Stock.Application.Marketplaces;
using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Domain;

namespace Stock.Application.Commands;

/// <summary>Store a legal entity's key for one marketplace, creating the legal entity if it is new.</summary>
/// <param name="LegalEntity">The legal entity's name.</param>
/// <param name="Marketplace">The marketplace's code, <c>wb</c> or <c>ozon</c> (or another registered one).</param>
/// <param name="Token">The token of a token key (Wildberries).</param>
/// <param name="ClientId">The client id of a client id and API key (Ozon's <c>Client-Id</c>).</param>
/// <param name="ApiKey">The API key (Ozon's <c>Api-Key</c>).</param>
public sealed record SetMarketplaceKey(string LegalEntity, string Marketplace, string? Token = null, string? ClientId = null, string? ApiKey = null)
    : ICommand<LegalEntitySummary>
{
    /// <inheritdoc />
    public override string ToString() => $"SetMarketplaceKey {{ LegalEntity = {LegalEntity}, Marketplace = {Marketplace} }}";
}

internal sealed class SetMarketplaceKeyHandler(IUnitOfWorkFactory units, MarketplaceRegistry marketplaces) : ICommandHandler<SetMarketplaceKey, LegalEntitySummary>
{
    public async Task<LegalEntitySummary> HandleAsync(SetMarketplaceKey command, CancellationToken cancellationToken)
    {
        var marketplace = marketplaces.Parse(command.Marketplace);
        LegalEntityName name;
        MarketplaceKey key;
        try
        {
            name = LegalEntityName.From(command.LegalEntity);
            key = marketplaces.Definition(marketplace).CreateKey(command.Token, command.ClientId, command.ApiKey);
        }
        catch (Exception ex) when (ex is DomainException or ArgumentException)
        {
            throw new RequestRejectedException(RequestRejection.InvalidInput, ex is ArgumentException arg ? arg.Message.Split(" (Parameter", 2)[0] : ex.Message);
        }

        await using var unit = units.Begin();
        var entity = await unit.LegalEntities.SetKeyAsync(name, key, cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return LegalEntitySummaries.Of(entity);
    }
}

using Stock.Application.Marketplaces;
using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Products;
using Stock.Domain.Supply;

namespace Stock.Application.Commands;

/// <summary>One product's own supply settings, as <c>stock rules list</c> shows them.</summary>
/// <param name="LegalEntity">The legal entity's name.</param>
/// <param name="Sku">The product.</param>
/// <param name="Settings">Its overrides; null parts take the defaults of <c>Stock:Supply</c>.</param>
public sealed record SupplyOverride(string LegalEntity, Sku Sku, SupplySettings Settings);

/// <summary>
/// Change a product's own supply settings (<c>stock rules set</c>): the parts given replace the stored ones, the others
/// stay; <paramref name="Clear"/> first forgets them all. They apply from the product's next check.
/// </summary>
/// <param name="LegalEntity">The legal entity's name.</param>
/// <param name="Marketplace">The marketplace's code.</param>
/// <param name="Sku">The product's marketplace id.</param>
/// <param name="ShipLeadTimeDays">Its ship lead time.</param>
/// <param name="ReorderLeadTimeDays">Its reorder lead time.</param>
/// <param name="PackSize">The units it is supplied in.</param>
/// <param name="Off">True turns the supply rule off for it, false on again.</param>
/// <param name="Clear">Whether to forget its overrides before applying the parts given.</param>
public sealed record SetSupplyRule(
    string LegalEntity, string Marketplace, string Sku, int? ShipLeadTimeDays = null, int? ReorderLeadTimeDays = null, int? PackSize = null, bool? Off = null, bool Clear = false)
    : ICommand<SupplyOverride>;

/// <summary>List the products with supply settings of their own (<c>stock rules list</c>), of one legal entity or of all.</summary>
/// <param name="LegalEntity">The legal entity's name, or null for every one.</param>
public sealed record ListSupplyRules(string? LegalEntity = null) : ICommand<IReadOnlyList<SupplyOverride>>;

internal sealed class SetSupplyRuleHandler(IUnitOfWorkFactory units, MarketplaceRegistry marketplaces) : ICommandHandler<SetSupplyRule, SupplyOverride>
{
    public async Task<SupplyOverride> HandleAsync(SetSupplyRule command, CancellationToken cancellationToken)
    {
        var marketplace = marketplaces.Parse(command.Marketplace);
        await using var unit = units.Begin();
        var entity = await LegalEntities.FindAsync(unit, command.LegalEntity, cancellationToken);
        Sku sku;
        try
        {
            sku = Sku.From(marketplace, command.Sku, vendorCode: null);
        }
        catch (DomainException ex)
        {
            throw new RequestRejectedException(RequestRejection.InvalidInput, ex.Message);
        }

        var stored = await unit.Products.SupplySettingsAsync(entity.Id, sku, cancellationToken)
            ?? throw new RequestRejectedException(RequestRejection.InvalidInput, $"'{entity.Name}' has no product {sku}: a check stores it first.");
        var start = command.Clear ? SupplySettings.None : stored;
        var settings = new SupplySettings(
            command.ShipLeadTimeDays ?? start.ShipLeadTimeDays,
            command.ReorderLeadTimeDays ?? start.ReorderLeadTimeDays,
            command.PackSize ?? start.PackSize,
            command.Off ?? start.Off);
        try
        {
            settings.EnsureValid();
        }
        catch (DomainException ex)
        {
            throw new RequestRejectedException(RequestRejection.InvalidInput, ex.Message);
        }

        unit.Products.SetSupplySettings(entity.Id, sku, settings);
        await unit.CommitAsync(cancellationToken);
        return new SupplyOverride(entity.Name.Value, sku, settings);
    }
}

internal sealed class ListSupplyRulesHandler(IUnitOfWorkFactory units) : ICommandHandler<ListSupplyRules, IReadOnlyList<SupplyOverride>>
{
    public async Task<IReadOnlyList<SupplyOverride>> HandleAsync(ListSupplyRules command, CancellationToken cancellationToken)
    {
        await using var unit = units.Begin();
        var entities = command.LegalEntity is null
            ? await unit.LegalEntities.ListAsync(cancellationToken)
            : [await LegalEntities.FindAsync(unit, command.LegalEntity, cancellationToken)];
        var rules = new List<SupplyOverride>();
        foreach (var entity in entities)
        {
            rules.AddRange((await unit.Products.ListSupplySettingsAsync(entity.Id, cancellationToken)).Select(r => new SupplyOverride(entity.Name.Value, r.Sku, r.Settings)));
        }

        return rules;
    }
}

/// <summary>Finding a legal entity by the name a user typed, refused by name when there is none.</summary>
internal static class LegalEntities
{
    public static async Task<LegalEntity> FindAsync(IUnitOfWork unit, string legalEntity, CancellationToken cancellationToken)
    {
        LegalEntityName name;
        try
        {
            name = LegalEntityName.From(legalEntity);
        }
        catch (DomainException ex)
        {
            throw new RequestRejectedException(RequestRejection.InvalidInput, ex.Message);
        }

        return await unit.LegalEntities.FindByNameAsync(name, cancellationToken)
            ?? throw new RequestRejectedException(RequestRejection.UnknownLegalEntity, $"Unknown legal entity '{name}'.");
    }
}

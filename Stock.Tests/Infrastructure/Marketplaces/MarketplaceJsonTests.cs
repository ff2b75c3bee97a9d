using System.Runtime.CompilerServices;
using Stock.Infrastructure.Marketplaces;
using Stock.Infrastructure.Marketplaces.Wildberries;

namespace Stock.Tests.Infrastructure.Marketplaces;

/// <summary>The wire types' JSON metadata is generated at build time, and the clients' options use it (D39).</summary>
public sealed class MarketplaceJsonTests
{
    [Fact]
    public void Every_wire_type_of_both_clients_has_generated_metadata()
    {
        var wireTypes = typeof(MarketplaceHttp).Assembly.GetTypes()
            .Where(t => t.Namespace is "Stock.Infrastructure.Marketplaces.Ozon" or "Stock.Infrastructure.Marketplaces.Wildberries")
            .Where(t => (t.Name.StartsWith("Ozon", StringComparison.Ordinal) || t.Name.StartsWith("Wb", StringComparison.Ordinal)) && !t.IsNested)
            .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) && !t.Name.EndsWith("Client", StringComparison.Ordinal))
            .Where(t => !typeof(MarketplaceProtocol).IsAssignableFrom(t) && !t.Name.EndsWith("Endpoints", StringComparison.Ordinal))
            .ToList();

        wireTypes.Should().HaveCountGreaterThan(40, "the contracts of both marketplaces are found");
        wireTypes.Where(t => MarketplaceJson.Default.GetTypeInfo(t) is null).Should().BeEmpty(
            "a wire type missing from MarketplaceJson would be read through reflection, built while a check waits");
    }

    [Fact]
    public void The_clients_options_resolve_wire_types_from_the_generated_metadata()
    {
        MarketplaceHttp.Json.GetTypeInfo(typeof(WbOrder)).OriginatingResolver.Should().BeSameAs(MarketplaceJson.Default);
        MarketplaceHttp.Json.GetTypeInfo(typeof(List<WbWarehouse>)).OriginatingResolver.Should().BeSameAs(MarketplaceJson.Default);
    }
}

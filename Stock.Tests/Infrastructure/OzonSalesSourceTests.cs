using Stock.Tests.Faults;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

/// <summary>Issue 11: the posting lists and the analytics report tell the same sales, so a check raises the same events.</summary>
[Trait("Needs", "Services")]
public sealed class OzonSalesSourceTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoChecks_RaiseExactlyTheSameEvents_WhicheverOzonSalesSource(string provider)
    {
        var delivered = new Dictionary<string, List<string>>();
        foreach (var source in new[] { "Postings", "Analytics" })
        {
            await using var world = await FaultWorld.CreateAsync(provider);
            world.Settings["Stock:Marketplaces:Ozon:SalesSource"] = source;
            (await world.RunAsync("check", "--legal-entity", FaultWorld.Seller, "--marketplace", "ozon")).Exit.Should().Be(0);
            world.MoveStock();
            (await world.RunAsync("check", "--legal-entity", FaultWorld.Seller, "--marketplace", "ozon")).Exit.Should().Be(0);
            delivered[source] = world.Delivered();
            var asked = world.Simulation.Requests.Where(r => r.Host == "ozon").Select(r => r.Path).ToHashSet();
            asked.Should().Contain(source == "Postings" ? "/v3/posting/fbo/list" : "/v1/analytics/data")
                .And.NotContain(source == "Postings" ? "/v1/analytics/data" : "/v3/posting/fbo/list");
        }

        delivered["Postings"].Should().NotBeEmpty().And.Equal(delivered["Analytics"]);
        delivered["Postings"].Should().Contain(e => e.StartsWith("low_on_stock", StringComparison.Ordinal))
            .And.Contain(e => e.StartsWith("fbo_over", StringComparison.Ordinal))
            .And.Contain(e => e.StartsWith("fbo_received", StringComparison.Ordinal));
    }
}

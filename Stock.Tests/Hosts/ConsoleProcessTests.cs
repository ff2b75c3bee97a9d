using System.Text.Json;
using Stock.Simulation;
using Stock.Tests.Faults;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Hosts;

/// <summary>The published <c>stock</c> command as a real process: what reaches stdout and stderr.</summary>
[Trait("Needs", "Services")]
public sealed class ConsoleProcessTests
{
    [Fact]
    public async Task FailingCheck_StdoutHoldsOnlyTheSummary_StderrOneLine_AndReportJsonPipesCleanly()
    {
        await using var world = await FaultWorld.CreateAsync(TestDatabase.Sqlite);
        world.Simulation.AddFault("/content/v2/get/cards/list", SimulatedFault.ServerError, times: 100);
        // The language from the locale, as a terminal or a container sets it (no Stock:Culture).
        world.Settings["LC_ALL"] = "";
        world.Settings["LC_MESSAGES"] = "";
        world.Settings["LANG"] = "ru_RU.UTF-8";

        var check = await world.RunChildAsync(null, "check", "--legal-entity", FaultWorld.Seller);
        var report = await world.RunChildAsync(null, "report", "--legal-entity", FaultWorld.Seller, "--format", "json");

        check.Exit.Should().Be(1);
        check.Output.Should().StartWith($"{FaultWorld.Seller}: проверка за").And.NotContain("fail:").And.NotContain("warn:").And.NotContain("   at ");
        check.Output.Should().Contain("WB: ошибка: wb POST /content/v2/get/cards/list", "the table in Russian, the error as logged");
        check.Error.TrimEnd().Should().Be("stock: wb failed; what succeeded is stored", "errors stay English");
        report.Exit.Should().Be(0, report.Error);
        report.Error.Should().BeEmpty();
        JsonDocument.Parse(report.Output).RootElement.EnumerateArray().Should().NotBeEmpty()
            .And.OnlyContain(p => p.GetProperty("marketplace").GetString() == "ozon");
    }

    [Fact]
    public async Task WbCardWithAnOverlongVendorCode_IsStoredCut_AndTheRestOfTheCheckGoesOn()
    {
        await using var world = await FaultWorld.CreateAsync(TestDatabase.MySql);
        var code = "VC-" + new string('x', 250);
        world.SellerOnMarketplaces.AddWbProduct(211_999_777, code, "Кружка с длинным артикулом", fbo: 5, fbs: 0, DateTimeOffset.UtcNow.AddDays(-10));

        var check = await world.RunAsync("check", "--legal-entity", FaultWorld.Seller, "--marketplace", "wb");
        var report = await world.RunAsync("report", "--legal-entity", FaultWorld.Seller, "--format", "json");

        check.Exit.Should().Be(0, check.Output + check.Error);
        var products = JsonDocument.Parse(report.Output).RootElement.EnumerateArray().ToList();
        products.Should().HaveCount(world.SellerOnMarketplaces.WbProducts.Count);
        products.Single(p => p.GetProperty("sku").GetString() == "211999777").GetProperty("vendor_code").GetString()
            .Should().Be(code[..100]);
    }
}

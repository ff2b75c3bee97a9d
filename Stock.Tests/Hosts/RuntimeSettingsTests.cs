using System.Text.Json;

namespace Stock.Tests.Hosts;

/// <summary>
/// The runtime settings the processes that run checks are published with, which their measured memory and CPU depend on
/// (docs/decisions.md, D39 and D55): they travel in each host's runtimeconfig, so every image and every publish has them.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Theory]
    [InlineData("stock")]
    [InlineData("Stock.Hosts.Function")]
    public void TheHostsRunChecks_WithTheGcConservingMemory_AndWithoutDynamicPgo(string host)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, $"{host}.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        properties.GetProperty("System.GC.ConserveMemory").GetInt32().Should().Be(9, "a 100,000-product check fits a 512 MiB instance with it (D55)");
        properties.GetProperty("System.Runtime.TieredPGO").GetBoolean().Should().BeFalse("a check is a burst the instrumented tier does not pay back (D39)");
        properties.TryGetProperty("System.GC.Server", out var server).Should().BeTrue();
        server.GetBoolean().Should().BeFalse("one workstation heap, as the images run it");
    }
}

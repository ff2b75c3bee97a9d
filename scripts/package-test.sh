#!/usr/bin/env bash
# Proves the NuGet packages work for another team:
#  1. packs SellerStock.Domain, .Application and .Infrastructure with one version into a local folder;
#  2. creates a throwaway consumer project outside the repository that references them by that version from that
#     folder only (package source mapping), builds it, and runs a check through its own listener against the
#     simulated marketplaces on SQLite;
#     The packages must carry neither the simulator nor its dependencies (Bogus, ASP.NET Core);
#  3. removes a public member in a copy of Stock.Domain without touching PublicAPI.*.txt and expects the build to fail.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/stock-packages.XXXXXX)"
trap 'rm -rf "$work"' EXIT
version="0.0.0-ci.$(date +%s)"
log() { printf '[package-test] %s\n' "$*" >&2; }

log "packing version $version"
dotnet pack "$root/Stock.sln" -c Release -o "$work/packages" -p:Version="$version" --nologo -v q >/dev/null
ls "$work/packages"/SellerStock.{Domain,Application,Infrastructure}."$version".nupkg "$work/packages"/SellerStock.Domain."$version".snupkg >/dev/null

log "the production packages carry no simulator"
for package in "$work/packages"/SellerStock.*."$version".nupkg; do
  if unzip -p "$package" '*.nuspec' | grep -Eq 'Bogus|Microsoft.AspNetCore|Simulation'; then
    log "$(basename "$package") depends on the simulator or its dependencies"; exit 1
  fi
done
ls "$work/packages"/*Simulation* >/dev/null 2>&1 && { log "a Simulation package was packed"; exit 1; }

mkdir -p "$work/consumer"
cat > "$work/consumer/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/packages" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="SellerStock.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
XML
cat > "$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <WarningsNotAsErrors>NU1603</WarningsNotAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SellerStock.Infrastructure" Version="$version" />
    <!-- The simulated marketplaces are no package (never shipped); they depend on no Stock project. -->
    <ProjectReference Include="$root/Stock.Simulation/Stock.Simulation.csproj" />
  </ItemGroup>
</Project>
XML
cat > "$work/consumer/Program.cs" <<'CS'
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Stock;
using Stock.Application.Checks;
using Stock.Application.Commands;
using Stock.Application.Messaging;
using Stock.Domain.Events;
using Stock.Simulation;
using Stock.Infrastructure.Persistence;

await using var simulation = await SimulatedMarketplaces.StartAsync();
var scenario = DemoScenario.Create(simulation);
var folder = Directory.CreateTempSubdirectory("consumer").FullName;
var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(simulation.ConfigurationValues())
    .AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Stock"] = $"Data Source={Path.Combine(folder, "consumer.db")}",
        ["Stock:Events:File"] = Path.Combine(folder, "events.jsonl"),
    })
    .Build();

var services = new ServiceCollection();
services.AddLogging();
services.AddSingleton<Heard>();
services.AddStock(configuration).AddEventListener<LowOnStock, OurListener>();
await using var provider = services.BuildServiceProvider();
await using var scope = provider.CreateAsyncScope();
await scope.ServiceProvider.GetRequiredService<IStockDatabase>().MigrateAsync(default);
var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
await bus.SendAsync(new SetMarketplaceKey(DemoScenario.Seller, "wb", Token: scenario.WbToken), default);
var report = await scope.ServiceProvider.GetRequiredService<CheckPolicy>().CheckThenRelayAsync(new CheckStocks(DemoScenario.Seller), default);

var heard = provider.GetRequiredService<Heard>().Count;
Console.WriteLine($"consumer: {report.Products} products checked, our listener heard {heard} LowOnStock alert(s), {report.Relay?.Published} event(s) published");
return report.Succeeded && heard > 0 && heard == report.Events["LowOnStock"] && report.Relay is { Succeeded: true, Published: > 0 } ? 0 : 1;

sealed class Heard
{
    private int _count;
    public int Count => _count;
    public void Add() => Interlocked.Increment(ref _count);
}

sealed class OurListener(Heard heard) : IEventListener<LowOnStock>
{
    public Task HandleAsync(LowOnStock message, CancellationToken cancellationToken)
    {
        heard.Add();
        return Task.CompletedTask;
    }
}
CS

log "building and running a consumer of the packages"
(cd "$work/consumer" && dotnet run --nologo -v q)

log "removing a public member without updating PublicAPI.*.txt must fail the build"
mkdir -p "$work/api-break"
cp -r "$root/Stock.Domain" "$root/Directory.Build.props" "$root/Directory.Build.targets" "$root/Directory.Packages.props" \
  "$root/global.json" "$root/.editorconfig" "$root/BannedSymbols.txt" "$root/docs" "$work/api-break/"
rm -rf "$work/api-break/Stock.Domain/bin" "$work/api-break/Stock.Domain/obj"
sed -i 's/public static Marketplace Of(string? code)/internal static Marketplace Of(string? code)/' "$work/api-break/Stock.Domain/Marketplace.cs"
grep -q "internal static Marketplace Of" "$work/api-break/Stock.Domain/Marketplace.cs" || { log "the public member to remove was not found"; exit 1; }
if (cd "$work/api-break" && dotnet build Stock.Domain/Stock.Domain.csproj --nologo -v q > "$work/api-break.log" 2>&1); then
  log "the build passed although a public member was removed"
  exit 1
fi
grep -q "RS0017" "$work/api-break.log" || { cat "$work/api-break.log" >&2; log "the build failed, but not for the public API"; exit 1; }
log "the build failed with RS0017, as it must"
echo "package-test: 3 passed, 0 failed"

#!/usr/bin/env bash
# Measures the report page at scale: renders a page of N products (default 20,000) with 60 days each through the real
# StockReportPage, prints its size and how long it takes to write, then how long headless Chromium takes to open it
# and take a screenshot (median of 3). Usage: ./scripts/report-bench.sh [--products N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
products=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --products) products=$2; shift 2 ;;
    *) echo "usage: $0 [--products N]" >&2; exit 2 ;;
  esac
done
command -v chromium >/dev/null || { echo "report-bench: needs Debian's chromium (apt-get install chromium)" >&2; exit 1; }
work="$(mktemp -d /tmp/stock-report-bench.XXXXXX)"
trap "cp $work/report.html /tmp/rb/ 2>/dev/null; rm -rf $work" EXIT

mkdir -p "$work/bench"
cat > "$work/bench/Bench.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
  <ItemGroup><ProjectReference Include="$root/Stock.Application/Stock.Application.csproj" /></ItemGroup>
</Project>
XML
cat > "$work/bench/Program.cs" <<'CS'
using System.Diagnostics;
using Stock.Application.Commands;
using Stock.Application.Reports;
using Stock.Domain;
using Stock.Domain.Products;

var count = int.Parse(args[0]);
var file = args[1];
var random = new Random(2026);
var today = new DateOnly(2026, 11, 26);
var lines = Enumerable.Range(0, count).Select(i =>
{
    var rate = random.NextDouble() * 6;
    var stock = random.Next(0, 120);
    var days = Enumerable.Range(0, StockReport.ChartDays).Select(d =>
    {
        var inStock = random.NextDouble() > 0.15;
        return new StockReportDay(today.AddDays(d - StockReport.ChartDays + 1), inStock ? (int)(rate * random.NextDouble() * 2) : 0, inStock, random.Next(0, 150));
    }).ToArray();
    var marketplace = i % 2 == 0 ? Marketplace.Wildberries : Marketplace.Ozon;
    var sku = (marketplace == Marketplace.Wildberries ? 211_111_111L : 1_700_000_001L) + i;
    var cover = rate == 0 ? (double?)null : Math.Round(stock / rate, 1);
    var alerts = random.NextDouble() < 0.2 ? new[] { new StockReportAlert(today.AddDays(-random.Next(0, 60)), "LowOnStock") } : [];
    return new StockReportLine(marketplace, sku.ToString(), $"VC-{i:D6}", $"Товар номер {i} с достаточно длинным названием", Sku.From(marketplace, sku, "x").ProductUrl,
        stock / 2, stock - (stock / 2), ProductStatus.Ordinary, (long)(rate * 30), cover, Math.Max(0, (int)Math.Ceiling(rate * 30) - stock), null, null, days, alerts);
}).OrderBy(l => l.DaysOfCover ?? double.MaxValue).ToArray();
var report = new StockReport("ООО Амодекор", today, lines);
var clock = Stopwatch.StartNew();
await using (var writer = new StreamWriter(file))
{
    await StockReportPage.WriteAsync(report, writer, System.Globalization.CultureInfo.GetCultureInfo("ru-RU"));
}

Console.WriteLine($"written in {clock.Elapsed.TotalSeconds:0.00} s");
CS
echo "report-bench: building the page of $products products" >&2
(cd "$work/bench" && dotnet build -c Release --nologo -v q -p:TreatWarningsAsErrors=false >/dev/null)
written=$(cd "$work/bench" && dotnet bin/Release/net10.0/Bench.dll "$products" "$work/report.html")
size=$(stat -c %s "$work/report.html")
gzipped=$(gzip -c "$work/report.html" | wc -c)
times=()
for i in 1 2 3; do
  start=$(date +%s.%N)
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/profile$i" --window-size=1400,900 \
    --screenshot="$work/shot$i.png" "file://$work/report.html" >/dev/null 2>&1
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc)")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
blank_start=$(date +%s.%N)
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/profile-blank" --window-size=1400,900 \
  --screenshot="$work/blank.png" about:blank >/dev/null 2>&1
blank=$(echo "$(date +%s.%N) - $blank_start" | bc)
printf 'report page, %s products x 60 days: %.1f MB (%.1f MB gzipped), %s; Chromium open + screenshot: median %.2f s of 3 (about:blank: %.2f s)\n' \
  "$products" "$(echo "$size / 1048576" | bc -l)" "$(echo "$gzipped / 1048576" | bc -l)" "$written" "$median" "$blank"

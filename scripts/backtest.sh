#!/usr/bin/env bash
# The backtest of issue 26 (docs/forecast.md, "Backtest"): families of demand replayed on the simulated WB, one real
# check a business day, and a simulated seller acting on SupplyDue compared with one acting on LowOnStock alone.
# Needs no server (SQLite and a JSON-lines file). Prints two markdown tables.
# Usage: ./scripts/backtest.sh [--per-family N (30)] [--days N (180)] [--seed N (7)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build -c Release "$root/bench/Stock.Backtest" -v q -nologo >&2
exec dotnet "$root/bench/Stock.Backtest/bin/Release/net10.0/Stock.Backtest.dll" "$@"

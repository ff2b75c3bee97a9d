#!/usr/bin/env bash
# Adds an EF Core migration NAME for both providers (SQLite and MySQL/MariaDB), from the same model.
# Usage: ./scripts/add-migration.sh AddSomething
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet tool restore >/dev/null
dotnet build Stock.Infrastructure >/dev/null
for provider in Sqlite MySql; do
  dotnet ef migrations add "$name" --no-build --project Stock.Infrastructure --startup-project Stock.Infrastructure \
    --context "${provider}StockDbContext" --output-dir "Persistence/Migrations/$provider"
  # Migrations are internal: they are not part of the package's public API.
  sed -i 's/^    public partial class /    internal partial class /; s/^    partial class /    internal partial class /' \
    "Stock.Infrastructure/Persistence/Migrations/$provider/"*.cs
  dotnet build Stock.Infrastructure >/dev/null
done

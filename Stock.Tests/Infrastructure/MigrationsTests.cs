using Microsoft.EntityFrameworkCore;
using Stock.Infrastructure.Persistence;

namespace Stock.Tests.Infrastructure;

/// <summary>The migrations of each provider describe the model: a model change without its migration fails here.</summary>
public sealed class MigrationsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.MySql)]
    public void TheModel_HasNoChangeThatNoMigrationHolds(DatabaseProvider provider)
    {
        // No connection is opened: the model is compared with the provider's migration snapshot.
        var options = new DatabaseOptions
        {
            Provider = provider,
            ConnectionString = provider == DatabaseProvider.Sqlite ? "Data Source=unused.db" : "Server=localhost;Database=unused",
        };
        using var db = new StockDbContextFactory(options).Create();

        db.Database.HasPendingModelChanges().Should().BeFalse("every model change needs its migration: ./scripts/add-migration.sh Name (both providers)");
    }
}

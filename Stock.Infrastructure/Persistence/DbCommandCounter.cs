using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Stock.Application;

namespace Stock.Infrastructure.Persistence;

/// <summary>
/// Counts the SQL commands Stock sends (<c>stock.db.commands</c>, by kind: query, scalar or non-query), so that a
/// dashboard or the benchmark sees how many round trips a check costs.
/// </summary>
internal sealed class DbCommandCounter : DbCommandInterceptor
{
    private readonly Counter<long> _commands;

    public DbCommandCounter(IMeterFactory? meters)
    {
        var meter = meters?.Create(StockTelemetry.Name) ?? new Meter(StockTelemetry.Name);
        _commands = meter.CreateCounter<long>("stock.db.commands", "{command}", "SQL commands sent to the database, by kind.");
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count("query");
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count("query");
        return base.ReaderExecuting(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count("non_query");
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count("non_query");
        return base.NonQueryExecuting(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count("scalar");
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count("scalar");
        return base.ScalarExecuting(command, eventData, result);
    }

    private void Count(string kind) => _commands.Add(1, new KeyValuePair<string, object?>("kind", kind));
}

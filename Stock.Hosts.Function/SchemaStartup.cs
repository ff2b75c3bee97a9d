using Microsoft.Extensions.Diagnostics.HealthChecks;
using Stock.Application.Messaging;
using Stock.Infrastructure.Persistence;

namespace Stock.Hosts.Function;

/// <summary>
/// Brings the schema up to date once the database answers. The function starts without its database (a wrong password,
/// Cloud SQL restarting): it serves <c>/healthz/live</c>, answers 503 on <c>/healthz/ready</c> and on a check, and tries
/// again with a growing pause (1 s to 30 s) until the migration succeeds (docs/contracts.md, the HTTP function).
/// </summary>
internal sealed partial class SchemaStartup(IStockDatabase database, TimeProvider time, ILogger<SchemaStartup> logger) : BackgroundService, IHealthCheck
{
    public const string Name = "schema";

    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _migrated;
    private volatile string _state = "not migrated yet: the database has not answered";

    /// <summary>Migrates now unless done; a check calls it first, so that it never runs on an old schema.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_migrated)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_migrated)
            {
                await database.MigrateAsync(cancellationToken);
                _migrated = true;
                _state = "up to date";
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _state = $"not migrated yet: {ErrorText.Of(ex, 200)}";
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Healthy once migrated; until then readiness itself tries, so that it never lags behind the database.</summary>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await EnsureAsync(cancellationToken);
            return HealthCheckResult.Healthy(_state);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(_state);
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromSeconds(1);
        while (!_migrated)
        {
            try
            {
                await EnsureAsync(stoppingToken);
                LogMigrated(logger);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogNotReady(logger, pause, ErrorText.Of(ex, 300));
                await Task.Delay(pause, time, stoppingToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The schema is up to date")]
    private static partial void LogMigrated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is not ready; the function answers 503 until it is, and tries again in {Pause}: {Error}")]
    private static partial void LogNotReady(ILogger logger, TimeSpan pause, string error);
}

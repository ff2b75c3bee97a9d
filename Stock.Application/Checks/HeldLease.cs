using Microsoft.Extensions.Logging;
using Stock.Application.Ports;

namespace Stock.Application.Checks;

/// <summary>
/// A lease kept alive while its work runs (docs/contracts.md, Delivery): renewed every <see cref="StockOptions.LeaseRenewal"/>
/// to <see cref="StockOptions.LeaseTtl"/> from then. When a renewal finds the lease taken, or no renewal succeeds
/// within the TTL (its store is down), <see cref="Lost"/> is cancelled, so that the work stops before its next commit.
/// </summary>
internal sealed partial class HeldLease : IAsyncDisposable
{
    private readonly ILease _lease;
    private readonly StockOptions _options;
    private readonly TimeProvider _time;
    private readonly StockMetrics _metrics;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;

    private HeldLease(ILease lease, StockOptions options, TimeProvider time, StockMetrics metrics, ILogger logger)
    {
        _lease = lease;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _heartbeat = HeartbeatAsync(); // runs to its first wait now, so that the renewal clock starts with the lease
    }

    /// <summary>Cancelled when the lease is lost.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>
    /// This process and machine, as lease holders name themselves: "… on &lt;machine&gt; (pid &lt;n&gt;)". A database
    /// lease store reads it back to free a lease whose holder process on the same machine is gone.
    /// </summary>
    public static string Holder(string what) => $"{what} on {Environment.MachineName} (pid {Environment.ProcessId})";

    /// <summary>Takes the lease and starts renewing it; null when someone else holds it.</summary>
    public static async Task<HeldLease?> TryAcquireAsync(
        ILeaseStore store, string name, string holder, StockOptions options, TimeProvider time, StockMetrics metrics, ILogger logger, CancellationToken cancellationToken)
    {
        var lease = await store.TryAcquireAsync(name, holder, options.LeaseTtl, cancellationToken);
        return lease is null ? null : new HeldLease(lease, options, time, metrics, logger);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _heartbeat;
        await _lease.DisposeAsync();
        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task HeartbeatAsync()
    {
        var renewed = _time.GetUtcNow();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.LeaseRenewal, _time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            bool ours;
            try
            {
                ours = await _lease.RenewAsync(_options.LeaseTtl, _stop.Token);
                if (ours)
                {
                    renewed = _time.GetUtcNow();
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store did not answer: the lease is still ours until its TTL runs out; try again.
                LogRenewalFailed(ex, _lease.Name);
                ours = _time.GetUtcNow() - renewed < _options.LeaseTtl - _options.LeaseRenewal;
            }

            if (!ours)
            {
                await _lost.CancelAsync(); // first: the work stops before anyone hears of it
                _metrics.LeaseLost();
                LogLost(_lease.Name);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing lease {Lease} failed; trying again while it lives")]
    private partial void LogRenewalFailed(Exception exception, string lease);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lease {Lease} was lost; its work stops before its next commit")]
    private partial void LogLost(string lease);
}

using System.Runtime.InteropServices;

namespace Stock.Hosts.Console;

/// <summary>
/// SIGTERM (Cloud Run's stop, 10 s before SIGKILL) and SIGINT (Ctrl+C) stop the running command: the first cancels
/// its token, so that the work ends before its next commit and its lease is released; a second one ends the process
/// at once, as the signal's default does. The command then exits with <see cref="ExitCode"/> (README, exit codes).
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public StopSignals()
    {
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle), PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle)];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>
    /// The exit code of a command that <paramref name="exit"/>ed: when a signal stopped it (<see cref="StockCli.Stopped"/>),
    /// 128 + the signal's number as shells report it (143 for SIGTERM, 130 for SIGINT); else its own.
    /// </summary>
    public int ExitCode(int exit) => exit == StockCli.Stopped && Volatile.Read(ref _received) == 15 ? 143 : exit;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        var number = context.Signal == PosixSignal.SIGTERM ? 15 : 2;
        if (Interlocked.CompareExchange(ref _received, number, 0) != 0)
        {
            return; // the second signal: its default ends the process
        }

        context.Cancel = true;
        _stop.Cancel();
    }
}

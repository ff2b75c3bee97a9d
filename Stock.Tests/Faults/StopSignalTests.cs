using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Stock.Simulation;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Faults;

/// <summary>
/// SIGTERM (Cloud Run stops a task with it, and SIGKILLs it 10 s later) and SIGINT (Ctrl+C) sent to the real
/// <c>stock</c> process in the middle of a check whose Ozon call is slow: the check stops within the grace period, its
/// lease is released at once, its run is closed as stopped, one line says so, and the exit code is the signal's.
/// </summary>
public sealed class StopSignalTests
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    [Theory]
    [InlineData(SigTerm, 143, "check", "--legal-entity")]
    [InlineData(SigInt, 130, "check", "--legal-entity")]
    [InlineData(SigTerm, 143, "check", "--all")]
    public async Task ASignalMidCheck_StopsItWithinTheGrace_ReleasesTheLease_AndClosesTheRunAsStopped(int signal, int exit, string command, string scope)
    {
        await using var world = await FaultWorld.CreateAsync(TestDatabase.Sqlite);
        // A lease that would outlive the test unless released: the next check can only start because it was.
        world.Settings["Stock:LeaseTtl"] = "00:10:00";
        world.Settings["Stock:LeaseRenewal"] = "00:03:00";
        string[] args = scope == "--all" ? [command, scope] : [command, scope, FaultWorld.Seller];
        world.Simulation.AddFault("/v3/product/list", SimulatedFault.Slow, times: 100, delay: TimeSpan.FromMinutes(5));
        var slowCall = world.Simulation.WhenRequested("/v3/product/list");

        using var child = world.StartChild(args);
        await slowCall.WaitAsync(TimeSpan.FromMinutes(1));
        var signalled = Stopwatch.StartNew();
        child.Signal(signal);
        await child.Exited.WaitAsync(TimeSpan.FromSeconds(30));
        var stoppedIn = signalled.Elapsed;

        child.Process.ExitCode.Should().Be(exit, await child.Error);
        stoppedIn.Should().BeLessThan(TimeSpan.FromSeconds(10), "Cloud Run sends SIGKILL 10 s after SIGTERM");
        (await child.Error).TrimEnd().Should().Be("stock: stopped by a signal before it finished; what it committed is kept, and any lease it held is released.");
        Outcomes(world).Should().Equal(["Stopped"]);

        world.Simulation.ClearFaults();
        var next = await world.RunAsync("check", "--legal-entity", FaultWorld.Seller);
        next.Exit.Should().Be(0, "the lease was released at once, not left to its 10-minute TTL: " + next.Error);
        Outcomes(world).Should().Equal(["Stopped", "Succeeded"]);
    }

    private static List<string> Outcomes(FaultWorld world)
    {
        using var connection = new SqliteConnection(world.Settings["ConnectionStrings:Stock"]);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT outcome FROM check_runs ORDER BY started_at";
        using var reader = command.ExecuteReader();
        var outcomes = new List<string>();
        while (reader.Read())
        {
            outcomes.Add(reader.GetString(0));
        }

        return outcomes;
    }
}

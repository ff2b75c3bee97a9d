using Stock.Application.Checks;

namespace Stock.Tests.Application;

/// <summary>Parts of a fetch run side by side and fail as one, by the first part that fails.</summary>
public sealed class FirstFailureTests
{
    [Fact]
    public async Task TheFirstFailure_StopsTheOthers_AndIsTheOneThrown()
    {
        using var stop = new CancellationTokenSource();
        var held = Task.Delay(Timeout.Infinite, stop.Token);
        var failing = FailSoonAsync(new InvalidOperationException("the cards broke"));

        var thrown = await FluentActions.Awaiting(() => FirstFailure.WhenAllAsync(stop, held, failing).WaitAsync(TimeSpan.FromSeconds(30)))
            .Should().ThrowAsync<InvalidOperationException>();

        thrown.Which.Message.Should().Be("the cards broke", "the cancellation it caused in the other part is not the cause");
        held.IsCanceled.Should().BeTrue();
    }

    [Fact]
    public async Task APartCancelledByATimeoutOfItsOwn_IsAFailureToo()
    {
        using var stop = new CancellationTokenSource();
        using var own = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var held = Task.Delay(Timeout.Infinite, stop.Token);
        var timedOut = Task.Delay(Timeout.Infinite, own.Token);

        await FluentActions.Awaiting(() => FirstFailure.WhenAllAsync(stop, held, timedOut).WaitAsync(TimeSpan.FromSeconds(30)))
            .Should().ThrowAsync<OperationCanceledException>();

        held.IsCanceled.Should().BeTrue("a part that timed out ends the others as a failure does");
    }

    [Fact]
    public async Task TheCallersCancellation_SurfacesAsCancellation()
    {
        using var caller = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(caller.Token);
        var parts = new[] { Task.Delay(Timeout.Infinite, stop.Token), Task.Delay(Timeout.Infinite, stop.Token) };

        var waiting = FirstFailure.WhenAllAsync(stop, parts);
        await caller.CancelAsync();

        await FluentActions.Awaiting(() => waiting.WaitAsync(TimeSpan.FromSeconds(30))).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task WhenEveryPartSucceeds_NothingIsCancelled()
    {
        using var stop = new CancellationTokenSource();

        await FirstFailure.WhenAllAsync(stop, Task.Delay(10), Task.CompletedTask);

        stop.IsCancellationRequested.Should().BeFalse();
    }

    private static async Task FailSoonAsync(Exception failure)
    {
        await Task.Delay(20);
        throw failure;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Stock.Application;
using Stock.Application.Commands;
using Stock.Application.Events;
using Stock.Application.Messaging;
using Stock.Domain.Events;
using Stock.Tests.Fakes;
using static Stock.Tests.Application.Scenario;

namespace Stock.Tests.Application;

public sealed class MessageBusTests
{
    [Fact]
    public async Task ConsumerListener_AddedThroughTheRegistry_HearsEveryCommittedAlert()
    {
        var heard = new Heard();
        await using var h = new ApplicationHarness(listeners: registry =>
        {
            registry.Services.AddSingleton(heard);
            registry.AddEventListener<LowOnStock, RecordLowOnStock>()
                .AddEventListener<CheckStarted, RecordCheckStarted>();
        });
        Amodekor(h);

        await h.CheckAsync();

        heard.Events.OfType<LowOnStock>().Should().ContainSingle().Which.Product.Sku.Id.Should().Be(Mug.ToString());
        heard.Events.OfType<CheckStarted>().Select(e => e.Marketplace).Should().BeEquivalentTo(new[] { Stock.Domain.Marketplace.Wildberries, Stock.Domain.Marketplace.Ozon });
    }

    [Fact]
    public async Task FailingListener_IsLogged_AndTheOtherListenersAndTheCheckGoOn()
    {
        var heard = new Heard();
        await using var h = new ApplicationHarness(listeners: registry =>
        {
            registry.Services.AddSingleton(heard);
            registry.AddEventListener<LowOnStock, ThrowingListener>()
                .AddEventListener<LowOnStock, RecordLowOnStock>();
        });
        Amodekor(h);

        var report = await h.CheckAsync();

        report.Succeeded.Should().BeTrue();
        heard.Events.OfType<LowOnStock>().Should().ContainSingle();
        h.Logs.Lines.Should().Contain(l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("ThrowingListener", StringComparison.Ordinal) && l.Contains("listener exploded", StringComparison.Ordinal));
        h.Publisher.Published.Should().ContainSingle("a listener failure does not touch the outbox");
    }

    [Fact]
    public async Task CommandFailure_PropagatesToTheSender()
    {
        await using var h = new ApplicationHarness();
        await FluentActions.Awaiting(() => h.CheckAsync("Никто")).Should().ThrowAsync<RequestRejectedException>();
    }

    [Fact]
    public void SecondHandler_ForOneCommand_IsRefused()
    {
        var registry = new ServiceCollection().AddStockApplication();
        FluentActions.Invoking(() => registry.AddCommandHandler<RelayOutbox, RelayReport, OtherRelay>())
            .Should().Throw<InvalidOperationException>().WithMessage("RelayOutbox already has a handler*");
    }

    [Fact]
    public void AddStockApplication_Twice_ReturnsTheSameRegistry()
    {
        var services = new ServiceCollection();
        services.AddStockApplication().Should().BeSameAs(services.AddStockApplication());
    }

    [Fact]
    public async Task CommandWithoutHandler_FailsNamingIt()
    {
        await using var h = new ApplicationHarness();
        await FluentActions.Awaiting(() => h.SendAsync(new Unhandled())).Should().ThrowAsync<InvalidOperationException>().WithMessage("Unhandled has no handler*");
    }

    [Fact]
    public async Task EventWithoutListeners_IsFine_NoFailureLogged_NothingPublished()
    {
        await using var h = new ApplicationHarness();
        await using var scope = h.Services.CreateAsyncScope();

        var publishing = scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync("nobody listens", CancellationToken.None);
        await publishing;

        publishing.IsCompletedSuccessfully.Should().BeTrue();
        h.Logs.Lines.Should().NotContain(l => l.StartsWith("Error", StringComparison.Ordinal), "an event nobody listens to is no failure");
        h.Publisher.Published.Should().BeEmpty("an event on the bus is not an alert: nothing reaches the outbox or Pub/Sub");
    }

    internal sealed record Unhandled : ICommand<int>;

    internal sealed class Heard
    {
        private readonly Lock _lock = new();
        private readonly List<object> _events = [];

        public IReadOnlyList<object> Events
        {
            get
            {
                lock (_lock)
                {
                    return _events.ToArray();
                }
            }
        }

        public void Add(object e)
        {
            lock (_lock)
            {
                _events.Add(e);
            }
        }
    }

    internal sealed class RecordLowOnStock(Heard heard) : IEventListener<LowOnStock>
    {
        public Task HandleAsync(LowOnStock message, CancellationToken cancellationToken)
        {
            heard.Add(message);
            return Task.CompletedTask;
        }
    }

    internal sealed class RecordCheckStarted(Heard heard) : IEventListener<CheckStarted>
    {
        public Task HandleAsync(CheckStarted message, CancellationToken cancellationToken)
        {
            heard.Add(message);
            return Task.CompletedTask;
        }
    }

    internal sealed class ThrowingListener : IEventListener<LowOnStock>
    {
        public Task HandleAsync(LowOnStock message, CancellationToken cancellationToken) => throw new InvalidOperationException("listener exploded");
    }

    internal sealed class OtherRelay : ICommandHandler<RelayOutbox, RelayReport>
    {
        public Task<RelayReport> HandleAsync(RelayOutbox command, CancellationToken cancellationToken) => Task.FromResult(new RelayReport(0, 0, null));
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Stock.Application.Messaging;

/// <summary>
/// The command and event registries (cosmicpython's <c>COMMAND_HANDLERS</c> and <c>EVENT_HANDLERS</c>), filled by
/// explicit calls, never by scanning. Stock's own mappings are written out in
/// <see cref="StockApplication.AddStockApplication"/>; a consuming team adds its listeners through the same builder.
/// </summary>
public sealed class MessageRegistry
{
    private readonly Dictionary<Type, CommandRoute> _commands = [];
    private readonly Dictionary<Type, List<EventRoute>> _events = [];

    internal MessageRegistry(IServiceCollection services) => Services = services;

    /// <summary>The service collection the handlers and listeners are registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Maps a command to its one handler.</summary>
    /// <exception cref="InvalidOperationException">The command already has a handler.</exception>
    public MessageRegistry AddCommandHandler<TCommand, TResult, THandler>()
        where TCommand : ICommand<TResult>
        where THandler : class, ICommandHandler<TCommand, TResult>
    {
        if (_commands.ContainsKey(typeof(TCommand)))
        {
            throw new InvalidOperationException($"{typeof(TCommand).Name} already has a handler; a command has exactly one.");
        }

        Services.TryAddScoped<THandler>();
        _commands[typeof(TCommand)] = new CommandRoute(
            typeof(THandler),
            async (provider, command, ct) => await provider.GetRequiredService<THandler>().HandleAsync((TCommand)command, ct));
        return this;
    }

    /// <summary>Adds a listener of an event; an event may have any number of listeners, called in the order added.</summary>
    public MessageRegistry AddEventListener<TEvent, TListener>()
        where TEvent : notnull
        where TListener : class, IEventListener<TEvent>
    {
        Services.TryAddScoped<TListener>();
        if (!_events.TryGetValue(typeof(TEvent), out var routes))
        {
            _events[typeof(TEvent)] = routes = [];
        }

        routes.Add(new EventRoute(
            typeof(TListener),
            (provider, @event, ct) => provider.GetRequiredService<TListener>().HandleAsync((TEvent)@event, ct)));
        return this;
    }

    internal CommandRoute? CommandRouteOf(Type commandType) => _commands.GetValueOrDefault(commandType);

    internal IReadOnlyList<EventRoute> EventRoutesOf(Type eventType) =>
        _events.TryGetValue(eventType, out var routes) ? routes : [];

    internal sealed record CommandRoute(Type Handler, Func<IServiceProvider, object, CancellationToken, Task<object?>> Invoke);

    internal sealed record EventRoute(Type Listener, Func<IServiceProvider, object, CancellationToken, Task> Invoke);
}

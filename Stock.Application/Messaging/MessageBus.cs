using Microsoft.Extensions.Logging;

namespace Stock.Application.Messaging;

/// <summary>
/// The bus: a command goes to its one handler and its exception propagates; an event goes to each of its listeners,
/// and a listener's failure is logged while the others still run. Handlers resolve from the caller's scope.
/// </summary>
internal sealed partial class MessageBus(IServiceProvider services, MessageRegistry registry, ILogger<MessageBus> logger) : IMessageBus
{
    public async Task<TResult> SendAsync<TResult>(ICommand<TResult> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var route = registry.CommandRouteOf(command.GetType())
            ?? throw new InvalidOperationException($"{command.GetType().Name} has no handler; register one with AddCommandHandler.");
        LogHandling(command.GetType().Name, route.Handler.Name);
        return (TResult)(await route.Invoke(services, command, cancellationToken))!;
    }

    public async Task PublishAsync(object message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var route in registry.EventRoutesOf(message.GetType()))
        {
            try
            {
                await route.Invoke(services, message, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogListenerFailed(ex, route.Listener.Name, message.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handling {Command} with {Handler}")]
    private partial void LogHandling(string command, string handler);

    [LoggerMessage(Level = LogLevel.Error, Message = "Listener {Listener} failed on {Event}; the other listeners still ran")]
    private partial void LogListenerFailed(Exception exception, string listener, string @event);
}

namespace Stock.Application.Messaging;

/// <summary>A command: exactly one handler, and its failure propagates to the sender.</summary>
/// <typeparam name="TResult">What handling the command returns.</typeparam>
public interface ICommand<TResult>
{
}

/// <summary>Handles one command type.</summary>
public interface ICommandHandler<in TCommand, TResult>
    where TCommand : ICommand<TResult>
{
    /// <summary>Handles the command.</summary>
    Task<TResult> HandleAsync(TCommand command, CancellationToken cancellationToken);
}

/// <summary>Listens to one event type. A listener's failure is logged and does not stop the other listeners.</summary>
public interface IEventListener<in TEvent>
    where TEvent : notnull
{
    /// <summary>Reacts to the event.</summary>
    Task HandleAsync(TEvent message, CancellationToken cancellationToken);
}

/// <summary>Sends commands to their handler and publishes events to their listeners.</summary>
public interface IMessageBus
{
    /// <summary>Sends a command to its one handler and returns its result; the handler's exception propagates.</summary>
    Task<TResult> SendAsync<TResult>(ICommand<TResult> command, CancellationToken cancellationToken);

    /// <summary>Publishes an event to every listener of its type, in registration order; failures are logged, not thrown.</summary>
    Task PublishAsync(object message, CancellationToken cancellationToken);
}

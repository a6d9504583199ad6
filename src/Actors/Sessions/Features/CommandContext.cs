using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Actors.Sessions.State;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Actors.Sessions.Features;

/// <summary>A client command being handled in the current turn: what, from whom, over which connection.</summary>
public sealed class CommandContext<TCommand>(TCommand command, ParticipantState participant, SessionConnection? connection, IActorRef? replyTo)
    where TCommand : ClientCommand
{
    public TCommand Command { get; } = command;

    public ParticipantState Participant { get; } = participant;

    /// <summary>The socket the command came over; null for commands posted over HTTP.</summary>
    public SessionConnection? Connection { get; } = connection;

    /// <summary>Who waits for the result of an HTTP command (null for socket commands).</summary>
    public IActorRef? ReplyTo { get; } = replyTo;

    /// <summary>The client-chosen id of a state-changing command, null for ephemeral ones (typing, idle).</summary>
    public string? CommandId => Command is ClientRequest request ? request.CommandId : null;
}

public delegate void CommandHandler<TCommand>(SessionTurn turn, CommandContext<TCommand> command)
    where TCommand : ClientCommand;

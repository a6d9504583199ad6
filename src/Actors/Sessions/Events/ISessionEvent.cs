namespace ActorStudio.Actors.Sessions.Events;

/// <summary>
/// An event in a session's journal. <see cref="CommandId"/> is the client command that caused it (null for
/// system events): persisting it is what makes command replays idempotent across restarts.
/// </summary>
public interface ISessionEvent
{
    /// <summary>When the server accepted the command.</summary>
    DateTimeOffset At { get; }

    /// <summary>The participant whose command caused the event, or null for system events.</summary>
    string? ByParticipantId { get; }

    string? CommandId { get; }
}

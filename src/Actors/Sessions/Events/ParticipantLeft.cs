namespace ActorStudio.Actors.Sessions.Events;

/// <summary>
/// Schema v1. The participant's last connection closed and they did not come back within the reconnect grace.
/// Journaled (presence itself is not) so that analytics can count leaves from the journal; they may rejoin later.
/// </summary>
public sealed record ParticipantLeft(string ParticipantId, DateTimeOffset At) : ISessionEvent
{
    public const int SchemaVersion = 1;

    string? ISessionEvent.ByParticipantId => ParticipantId;

    string? ISessionEvent.CommandId => null;
}

namespace ActorStudio.Actors.Sessions.Messages;

/// <summary>
/// Sent by a session to itself once recovery replayed a non-empty journal: features that must repair state a crash
/// left behind (e.g. generations that were running) do it in this first turn.
/// </summary>
public sealed class SessionRecovered
{
    public static SessionRecovered Instance { get; } = new();

    private SessionRecovered()
    {
    }
}

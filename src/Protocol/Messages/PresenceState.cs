namespace ActorStudio.Protocol.Messages;

/// <summary>Where a participant is, as shown in the right rail.</summary>
public enum PresenceState
{
    /// <summary>Connected and active (also sent when a participant joins).</summary>
    Online = 1,

    /// <summary>Connected but inactive (tab hidden or no input for a while).</summary>
    Idle = 2,

    /// <summary>The socket dropped; the participant has a grace period to come back.</summary>
    Reconnecting = 3,

    /// <summary>Gone: left the session or did not come back within the grace period.</summary>
    Left = 4,
}

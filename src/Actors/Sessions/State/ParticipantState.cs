using ActorStudio.Protocol.Messages;

namespace ActorStudio.Actors.Sessions.State;

/// <summary>One participant as the session actor sees it. Mutated only on the actor's thread.</summary>
public sealed class ParticipantState(string participantId, string displayName, ParticipantRole role, DateTimeOffset joinedAt)
{
    public string ParticipantId { get; } = participantId;

    public string DisplayName { get; set; } = displayName;

    public ParticipantRole Role { get; } = role;

    public DateTimeOffset JoinedAt { get; } = joinedAt;

    public bool Removed { get; set; }

    /// <summary>Live, not journaled.</summary>
    public PresenceState Presence { get; set; } = PresenceState.Left;

    /// <summary>The client said the user is idle (tab hidden, no input).</summary>
    public bool ReportedIdle { get; set; }

    /// <summary>When the last socket closed (for the reconnect grace period).</summary>
    public DateTimeOffset DisconnectedAt { get; set; }

    /// <summary>Open sockets (tabs) of this participant on this node.</summary>
    public int Connections { get; set; }

    /// <summary>Recent accepted command ids (also rebuilt from the journal on recovery) for idempotent replays.</summary>
    public RecentCommands Commands { get; } = new();

    /// <summary>Chat rate limit.</summary>
    public TokenBucket ChatBucket { get; set; }

    /// <summary>The last typing state announced for this participant (ephemeral: never journaled).</summary>
    public bool IsTyping { get; set; }

    /// <summary>Per-participant state owned by feature modules (generation library, poll votes, ...).</summary>
    public FeatureBag Features { get; } = new();
}

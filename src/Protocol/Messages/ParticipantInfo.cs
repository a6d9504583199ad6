namespace ActorStudio.Protocol.Messages;

/// <summary>A participant as everyone sees it. Wire: [participantId, displayName, role, presence].</summary>
public sealed record ParticipantInfo(string ParticipantId, string DisplayName, Role Role, PresenceState Presence);

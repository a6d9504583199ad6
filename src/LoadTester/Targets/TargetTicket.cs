using ActorStudio.LoadTester.Cli;

namespace ActorStudio.LoadTester.Targets;

/// <summary>What joining over HTTP yields: who the participant is and where its socket goes.</summary>
public sealed record TargetTicket(TargetSession Session, ParticipantRole Role, string DisplayName, string? ParticipantId, string? Token, Uri WebSocketUrl);

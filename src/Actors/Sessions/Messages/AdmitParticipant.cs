namespace ActorStudio.Actors.Sessions.Messages;

/// <summary>
/// Lets a participant in after the HTTP layer checked the code (or their token). With
/// <see cref="ExistingParticipantId"/> (a rejoin) the same participant is restored, no new one is made.
/// Replies <see cref="Admitted"/>, <see cref="SessionRefused"/> or <see cref="SessionNotFound"/>.
/// </summary>
public sealed record AdmitParticipant(ParticipantRole Role, string DisplayName, string NewParticipantId, string? ExistingParticipantId);

public sealed record Admitted(string ParticipantId, ParticipantRole Role, string DisplayName, bool Rejoined);

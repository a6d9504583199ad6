using ActorStudio.Actors.Sessions.State;

namespace ActorStudio.Actors.Sessions.Messages;

/// <summary>
/// Raised by moderation when the host removes a stream item; the shared-stream feature handles it (emits its event
/// or rejects). With no stream feature registered the command is refused as not found.
/// </summary>
public sealed record RemoveStreamItemRequested(ParticipantState Host, string ItemId, string CommandId);

using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Actors.Sessions.Features;

/// <summary>How a journaled event goes on the wire: to whom, as which server message.</summary>
public readonly record struct Publication(Audience Audience, ServerMessage Message);

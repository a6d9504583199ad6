namespace ActorStudio.Actors.Sessions.Messages;

/// <summary>A chat line written by the server (recording started, a notice...). Replies <see cref="CommandResult"/>.</summary>
public sealed record PostSystemMessage(string Text);

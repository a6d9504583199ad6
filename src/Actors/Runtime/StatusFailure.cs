namespace ActorStudio.Actors.Runtime;

/// <summary>Reply with this to make the asker's task fail with <see cref="Cause"/>.</summary>
public sealed record StatusFailure(Exception Cause);

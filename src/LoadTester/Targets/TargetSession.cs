namespace ActorStudio.LoadTester.Targets;

/// <summary>One session created on the target, with the codes to join it (SignalR groups need none).</summary>
public sealed record TargetSession(int Index, string SessionId, string? HostCode, string? CollaboratorCode, string? ViewerCode);

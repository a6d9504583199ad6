namespace ActorStudio.LoadTester.Cli;

/// <summary>Which server the load tester drives.</summary>
public enum TargetKind
{
    ActorStudio,
    SignalR,
}

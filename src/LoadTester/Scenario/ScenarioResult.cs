using ActorStudio.LoadTester.Reporting;

namespace ActorStudio.LoadTester.Scenario;

/// <summary>The outcome of a run: the report when one could be made, and the process exit code.</summary>
public sealed record ScenarioResult(LoadTestReport? Report, int ExitCode, string? Failure)
{
    public const int Success = 0;
    public const int Unreachable = 2;
    public const int JoinsRefused = 3;
}

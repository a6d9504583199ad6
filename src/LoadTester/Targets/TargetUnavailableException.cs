namespace ActorStudio.LoadTester.Targets;

/// <summary>The server could not be reached or answered nonsense: the scenario cannot run.</summary>
public sealed class TargetUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

namespace ActorStudio.TestSupport.Actors;

/// <summary>An expectation of a <see cref="TestProbe"/> failed.</summary>
public sealed class TestProbeException(string message) : Exception(message);

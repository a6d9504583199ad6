namespace ActorStudio.LoadTester.Scenario;

/// <summary>Where a simulated participant is in its life.</summary>
public enum ParticipantState
{
    Pending,
    Connected,
    Reconnecting,
    Failed,
    Closed,
}

namespace ActorStudio.LoadTester.Cli;

/// <summary>The roles of ActorStudio's access codes.</summary>
public enum ParticipantRole
{
    Host,
    Collaborator,
    Viewer,
}

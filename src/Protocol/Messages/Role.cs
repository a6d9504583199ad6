namespace ActorStudio.Protocol.Messages;

/// <summary>A participant's role in a session. Decides what the server lets the participant do.</summary>
public enum Role
{
    Host = 1,
    Collaborator = 2,
    Viewer = 3,
}

namespace ActorStudio.Protocol.Messages;

/// <summary>Everything a client needs to draw the room. Wire: [session, [participant...], [chatMessage...], [streamItem...], recording, viewersChatMuted]; chat entries are full ChatMessage event arrays (type 70), oldest first.</summary>
public sealed record SessionSnapshot(
    SessionInfo Session,
    IReadOnlyList<ParticipantInfo> Participants,
    IReadOnlyList<ChatMessage> Chat,
    IReadOnlyList<StreamItem> Stream,
    RecordingInfo Recording,
    bool ViewersChatMuted);

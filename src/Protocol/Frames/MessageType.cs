namespace ActorStudio.Protocol.Frames;

/// <summary>
/// The first element of every frame. Client commands use 1-63, server messages 64-127, so every code is a positive
/// fixint (one byte on the wire). Codes are never reused; new features add new codes.
/// </summary>
public enum MessageType : byte
{
    // client → server
    Hello = 1,
    Ping = 2,
    PostChat = 3,
    SetTyping = 4,
    SetIdle = 5,
    Generate = 10,
    RetryVariant = 11,
    Favorite = 12,
    Unfavorite = 13,
    RemoveContent = 20,
    MuteViewersChat = 21,
    StartRecording = 22,
    StopRecording = 23,
    EndSession = 24,

    // server → client
    Welcome = 64,
    Pong = 65,
    Ack = 66,
    Error = 67,
    Batch = 68,
    Moved = 69,
    ChatMessage = 70,
    ChatRemoved = 71,
    TypingChanged = 72,
    PresenceChanged = 73,
    GenerationAccepted = 74,
    VariantProgress = 75,
    GenerationDone = 76,
    StreamItemAdded = 77,
    StreamItemRemoved = 78,
    ViewersChatMuteChanged = 79,
    RecordingStatus = 80,
}

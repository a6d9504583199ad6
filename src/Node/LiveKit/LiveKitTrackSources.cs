namespace ActorStudio.Node.LiveKit;

/// <summary>Publish source names as LiveKit spells them in <c>canPublishSources</c>.</summary>
public static class LiveKitTrackSources
{
    public const string Camera = "camera";
    public const string Microphone = "microphone";
    public const string ScreenShare = "screen_share";
    public const string ScreenShareAudio = "screen_share_audio";
}

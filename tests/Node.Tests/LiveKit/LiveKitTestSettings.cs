using ActorStudio.Node.LiveKit;

namespace ActorStudio.Node.Tests.LiveKit;

internal static class LiveKitTestSettings
{
    public const string ApiKey = "APItestkey";

    // Made up for the tests; not a credential anywhere.
    public const string ApiSecret = "test-secret-for-actorstudio-livekit-tests-0123456789";

    public static LiveKitOptions Options(string url = "wss://livekit.example.test") => new()
    {
        Url = url,
        ApiKey = ApiKey,
        ApiSecret = ApiSecret,
    };
}

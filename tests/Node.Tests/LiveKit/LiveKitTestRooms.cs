using ActorStudio.Node.LiveKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorStudio.Node.Tests.LiveKit;

/// <summary>The LiveKit adapters wired by hand over a real HttpClient (the DI path is tested separately).</summary>
internal sealed record LiveKitTestRooms(
    LiveKitOptions Options,
    LiveKitTokenIssuer Tokens,
    LiveKitRoomServiceClient Rooms,
    LiveKitEgressClient Egress,
    LiveKitMediaRoom Media,
    HttpClient Http) : IDisposable
{
    /// <param name="recordingClock">The clock that names recording files; tokens always use the real clock so the stand-in accepts them.</param>
    public static LiveKitTestRooms Create(LiveKitOptions options, TimeProvider? recordingClock = null)
    {
        var time = recordingClock ?? TimeProvider.System;
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var tokens = new LiveKitTokenIssuer(options, TimeProvider.System);
        var twirp = new LiveKitTwirpClient(http, options, tokens, NullLogger<LiveKitTwirpClient>.Instance);
        var rooms = new LiveKitRoomServiceClient(twirp);
        var egress = new LiveKitEgressClient(twirp, options);
        var media = new LiveKitMediaRoom(options, tokens, rooms, egress, time, NullLogger<LiveKitMediaRoom>.Instance);
        return new LiveKitTestRooms(options, tokens, rooms, egress, media, http);
    }

    public void Dispose() => Http.Dispose();
}

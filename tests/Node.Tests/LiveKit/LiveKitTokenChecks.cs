using ActorStudio.Node.LiveKit;

namespace ActorStudio.Node.Tests.LiveKit;

/// <summary>
/// The permission rules LiveKit's server applies to a verified token (livekit/livekit pkg/service/auth.go:
/// EnsureJoinPermission, EnsureAdminPermission, EnsureCreatePermission, EnsureRecordPermission), used by the
/// stand-in server and by the room checks in these tests.
/// </summary>
internal static class LiveKitTokenChecks
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(10);

    public static bool GrantsRoomJoin(string token, string room, string apiKey, string apiSecret) =>
        LiveKitJwt.TryVerify(token, apiKey, apiSecret, DateTimeOffset.UtcNow, Skew, out var claims) == LiveKitTokenFailure.None &&
        claims!.Video is { RoomJoin: true } video && video.Room == room && !string.IsNullOrEmpty(claims.Subject);

    /// <summary>Null when the claims allow the Twirp method on the request's room, else why not.</summary>
    public static string? Authorize(string method, LiveKitTokenClaims claims, string? room)
    {
        var video = claims.Video;
        return method switch
        {
            "livekit.RoomService/CreateRoom" or "livekit.RoomService/DeleteRoom" =>
                video is { RoomCreate: true } ? null : "permissions denied: roomCreate",
            "livekit.RoomService/ListParticipants" or "livekit.RoomService/RemoveParticipant" or "livekit.RoomService/UpdateParticipant" =>
                video is { RoomAdmin: true } && video.Room == room ? null : "permissions denied: roomAdmin for " + room,
            "livekit.Egress/StartRoomCompositeEgress" or "livekit.Egress/StopEgress" or "livekit.Egress/ListEgress" =>
                video is { RoomRecord: true } ? null : "permissions denied: roomRecord",
            _ => "unknown method " + method,
        };
    }
}

using ActorStudio.Actors.Ports;

namespace ActorStudio.Node.LiveKit;

/// <summary>
/// Mints LiveKit access tokens: participant tokens whose grants follow the studio role (only the host publishes;
/// chat and events travel over the studio's own socket, so nobody gets data publishing) and short service tokens
/// carrying only the grant one API call needs.
/// </summary>
public sealed class LiveKitTokenIssuer
{
    private static readonly string[] HostSources = [LiveKitTrackSources.Camera, LiveKitTrackSources.Microphone];

    private static readonly string[] HostSourcesWithScreen =
        [LiveKitTrackSources.Camera, LiveKitTrackSources.Microphone, LiveKitTrackSources.ScreenShare, LiveKitTrackSources.ScreenShareAudio];

    private readonly string apiKey;
    private readonly string apiSecret;
    private readonly LiveKitOptions options;
    private readonly TimeProvider time;

    public LiveKitTokenIssuer(LiveKitOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException("LiveKit is not configured (URL, API key and API secret are required).");
        }

        apiKey = options.ApiKey!;
        apiSecret = options.ApiSecret!;
        this.options = options;
        this.time = time;
    }

    /// <summary>The grant a participant of the given role gets in the session's room.</summary>
    public static LiveKitVideoGrant GrantFor(MediaRole role, string room, bool allowScreenShare) => role switch
    {
        MediaRole.Host => new LiveKitVideoGrant
        {
            RoomJoin = true,
            Room = room,
            CanPublish = true,
            CanPublishSources = allowScreenShare ? HostSourcesWithScreen : HostSources,
            CanSubscribe = true,
            CanPublishData = true,
            CanUpdateOwnMetadata = false,
        },
        MediaRole.Collaborator or MediaRole.Viewer => new LiveKitVideoGrant
        {
            RoomJoin = true,
            Room = room,
            CanPublish = false,
            CanSubscribe = true,
            // Explicit: LiveKit would otherwise derive it from canPublish; chat goes over our socket anyway.
            CanPublishData = false,
            CanUpdateOwnMetadata = false,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown media role"),
    };

    public string CreateParticipantToken(string room, string identity, string displayName, MediaRole role, bool allowScreenShare)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(identity);
        ArgumentNullException.ThrowIfNull(displayName);
        return Sign(identity, displayName, GrantFor(role, room, allowScreenShare && options.AllowScreenShare), options.TokenTtl);
    }

    /// <summary>A token for one server API call; pass the narrowest grant (see <see cref="LiveKitServiceGrants"/>).</summary>
    public string CreateServiceToken(LiveKitVideoGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return Sign(subject: null, name: null, grant, options.ServiceTokenTtl);
    }

    private string Sign(string? subject, string? name, LiveKitVideoGrant grant, TimeSpan ttl)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new LiveKitTokenClaims
        {
            Issuer = apiKey,
            Subject = subject,
            Name = name,
            NotBefore = now - (long)options.NotBeforeSkew.TotalSeconds,
            Expires = now + (long)Math.Ceiling(ttl.TotalSeconds),
            Video = grant,
        };
        return LiveKitJwt.Sign(claims, apiSecret);
    }
}

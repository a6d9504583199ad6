using System.Globalization;
using ActorStudio.Actors.Ports;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Node.LiveKit;

/// <summary>
/// <see cref="IMediaRoom"/> on LiveKit: one room per session (<see cref="LiveKitRoomNames"/>), tokens whose grants
/// follow the role, and room composite recordings written under <c>recordings/{sessionId}/{date}/{time}.mp4</c>.
/// </summary>
public sealed class LiveKitMediaRoom : IMediaRoom
{
    private readonly LiveKitOptions options;
    private readonly LiveKitTokenIssuer tokens;
    private readonly LiveKitRoomServiceClient rooms;
    private readonly LiveKitEgressClient egress;
    private readonly TimeProvider time;
    private readonly ILogger<LiveKitMediaRoom> logger;

    public LiveKitMediaRoom(
        LiveKitOptions options,
        LiveKitTokenIssuer tokens,
        LiveKitRoomServiceClient rooms,
        LiveKitEgressClient egress,
        TimeProvider time,
        ILogger<LiveKitMediaRoom> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(rooms);
        ArgumentNullException.ThrowIfNull(egress);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.options = options;
        this.tokens = tokens;
        this.rooms = rooms;
        this.egress = egress;
        this.time = time;
        this.logger = logger;
    }

    public bool IsConfigured => true;

    public bool IsRecordingConfigured => options.Recording.IsConfigured;

    public MediaJoinInfo? CreateJoin(string sessionId, string participantId, string displayName, MediaRole role, bool allowScreenShare = false)
    {
        var room = LiveKitRoomNames.ForSession(sessionId);
        var token = tokens.CreateParticipantToken(room, participantId, displayName, role, allowScreenShare);
        return new MediaJoinInfo(options.Url!, room, token);
    }

    public async Task EnsureRoomAsync(string sessionId, int maxParticipants, CancellationToken cancellationToken)
    {
        var room = LiveKitRoomNames.ForSession(sessionId);
        var capacity = maxParticipants > 0 ? maxParticipants : options.MaxParticipants;
        var created = await rooms.CreateRoomAsync(room, options.EmptyTimeout, capacity, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("LiveKit room {Room} ready for session {SessionId} (sid {RoomSid}, max {MaxParticipants})", room, sessionId, created.Sid, capacity);
    }

    public async Task RemoveParticipantAsync(string sessionId, string participantId, CancellationToken cancellationToken)
    {
        var room = LiveKitRoomNames.ForSession(sessionId);
        try
        {
            await rooms.RemoveParticipantAsync(room, participantId, cancellationToken).ConfigureAwait(false);
        }
        catch (LiveKitApiException ex) when (ex.Code == "not_found")
        {
            // Not connected to the media room (or already gone): the removal already holds.
            logger.LogDebug("Participant {ParticipantId} of session {SessionId} was not in LiveKit room {Room}", participantId, sessionId, room);
        }
    }

    public async Task DeleteRoomAsync(string sessionId, CancellationToken cancellationToken)
    {
        var room = LiveKitRoomNames.ForSession(sessionId);
        try
        {
            await rooms.DeleteRoomAsync(room, cancellationToken).ConfigureAwait(false);
        }
        catch (LiveKitApiException ex) when (ex.Code == "not_found")
        {
            logger.LogDebug("LiveKit room {Room} of session {SessionId} was already gone", room, sessionId);
        }
    }

    public async Task<RecordingInfo> StartRecordingAsync(string sessionId, CancellationToken cancellationToken)
    {
        var room = LiveKitRoomNames.ForSession(sessionId);
        var key = RecordingKey(sessionId, time.GetUtcNow());
        var info = await egress.StartRoomCompositeEgressAsync(room, key, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Recording {EgressId} of session {SessionId} started into {RecordingKey}", info.EgressId, sessionId, key);
        return ToRecording(info, key);
    }

    public async Task<RecordingInfo> StopRecordingAsync(string egressId, CancellationToken cancellationToken)
    {
        var info = await egress.StopEgressAsync(egressId, cancellationToken).ConfigureAwait(false);
        return ToRecording(info, null);
    }

    public async Task<IReadOnlyList<RecordingInfo>> ListRecordingsAsync(string sessionId, bool activeOnly, CancellationToken cancellationToken)
    {
        var items = await egress.ListEgressAsync(LiveKitRoomNames.ForSession(sessionId), null, activeOnly, cancellationToken).ConfigureAwait(false);
        var result = new RecordingInfo[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            result[i] = ToRecording(items[i], null);
        }

        return result;
    }

    /// <summary>The object key of a recording started at <paramref name="startedAt"/> (UTC).</summary>
    public static string RecordingKey(string sessionId, DateTimeOffset startedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var utc = startedAt.UtcDateTime;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"recordings/{sessionId}/{utc:yyyy-MM-dd}/{utc:HHmmss}.mp4");
    }

    // The bucket key is what the host's download link is presigned from: prefer the file the egress reports.
    private static RecordingInfo ToRecording(LiveKitEgressInfo info, string? requestedKey)
    {
        string? key = requestedKey;
        var files = info.FileResults;
        if (files is { Count: > 0 } && !string.IsNullOrEmpty(files[0].Filename))
        {
            key = files[0].Filename;
        }

        return new RecordingInfo(info.EgressId, info.Status, key, string.IsNullOrEmpty(info.Error) ? null : info.Error);
    }
}

using ActorStudio.Actors.Ports;

namespace ActorStudio.Node.LiveKit;

/// <summary>LiveKit's Egress service: room composite recordings written to S3/R2.</summary>
public sealed class LiveKitEgressClient
{
    private const string Service = "Egress";

    private readonly LiveKitTwirpClient twirp;
    private readonly LiveKitRecordingOptions recording;

    public LiveKitEgressClient(LiveKitTwirpClient twirp, LiveKitOptions options)
    {
        ArgumentNullException.ThrowIfNull(twirp);
        ArgumentNullException.ThrowIfNull(options);
        this.twirp = twirp;
        recording = options.Recording;
    }

    /// <summary>Starts recording the room into the configured bucket at <paramref name="filePath"/>.</summary>
    public Task<LiveKitEgressInfo> StartRoomCompositeEgressAsync(string room, string filePath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        if (!recording.IsConfigured)
        {
            throw new MediaNotConfiguredException("Recording output is not configured (LiveKit:Recording:Bucket is empty).");
        }

        var s3 = new S3Upload(
            recording.AccessKey ?? string.Empty,
            recording.Secret ?? string.Empty,
            recording.Region,
            string.IsNullOrWhiteSpace(recording.Endpoint) ? null : recording.Endpoint,
            recording.Bucket!,
            recording.ForcePathStyle);
        var request = new RoomCompositeEgressRequest(room, recording.Layout, recording.Preset, [new EncodedFileOutput("MP4", filePath, s3)]);
        return twirp.CallAsync<RoomCompositeEgressRequest, LiveKitEgressInfo>(
            Service, "StartRoomCompositeEgress", request, LiveKitServiceGrants.RoomRecord, cancellationToken);
    }

    public Task<LiveKitEgressInfo> StopEgressAsync(string egressId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(egressId);
        return twirp.CallAsync<StopEgressRequest, LiveKitEgressInfo>(
            Service, "StopEgress", new StopEgressRequest(egressId), LiveKitServiceGrants.RoomRecord, cancellationToken);
    }

    public async Task<IReadOnlyList<LiveKitEgressInfo>> ListEgressAsync(string? room, string? egressId, bool activeOnly, CancellationToken cancellationToken)
    {
        var response = await twirp.CallAsync<ListEgressRequest, ListEgressResponse>(
            Service, "ListEgress", new ListEgressRequest(room, egressId, activeOnly ? true : null), LiveKitServiceGrants.RoomRecord, cancellationToken)
            .ConfigureAwait(false);
        return response.Items ?? [];
    }

    private sealed record RoomCompositeEgressRequest(string RoomName, string Layout, string Preset, IReadOnlyList<EncodedFileOutput> FileOutputs);

    private sealed record EncodedFileOutput(string FileType, string Filepath, S3Upload S3);

    private sealed record S3Upload(string AccessKey, string Secret, string Region, string? Endpoint, string Bucket, bool ForcePathStyle);

    private sealed record StopEgressRequest(string EgressId);

    private sealed record ListEgressRequest(string? RoomName, string? EgressId, bool? Active);

    private sealed record ListEgressResponse(IReadOnlyList<LiveKitEgressInfo>? Items);
}

namespace ActorStudio.Node.LiveKit;

/// <summary>LiveKit's RoomService: each call carries only the grant it needs.</summary>
public sealed class LiveKitRoomServiceClient
{
    private const string Service = "RoomService";

    private readonly LiveKitTwirpClient twirp;

    public LiveKitRoomServiceClient(LiveKitTwirpClient twirp)
    {
        ArgumentNullException.ThrowIfNull(twirp);
        this.twirp = twirp;
    }

    /// <summary>Creates the room, or returns the existing one (CreateRoom is idempotent on the name).</summary>
    public Task<LiveKitRoom> CreateRoomAsync(string room, TimeSpan emptyTimeout, int maxParticipants, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentOutOfRangeException.ThrowIfNegative(maxParticipants);
        var request = new CreateRoomRequest(room, (uint)Math.Max(0, emptyTimeout.TotalSeconds), (uint)maxParticipants);
        return twirp.CallAsync<CreateRoomRequest, LiveKitRoom>(Service, "CreateRoom", request, LiveKitServiceGrants.RoomCreate, cancellationToken);
    }

    public async Task DeleteRoomAsync(string room, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        await twirp.CallAsync<RoomRequest, EmptyResponse>(Service, "DeleteRoom", new RoomRequest(room), LiveKitServiceGrants.RoomCreate, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LiveKitParticipant>> ListParticipantsAsync(string room, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        var response = await twirp.CallAsync<RoomRequest, ListParticipantsResponse>(
            Service, "ListParticipants", new RoomRequest(room), LiveKitServiceGrants.RoomAdmin(room), cancellationToken).ConfigureAwait(false);
        return response.Participants ?? [];
    }

    public async Task RemoveParticipantAsync(string room, string identity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(identity);
        await twirp.CallAsync<RoomParticipantRequest, EmptyResponse>(
            Service, "RemoveParticipant", new RoomParticipantRequest(room, identity), LiveKitServiceGrants.RoomAdmin(room), cancellationToken)
            .ConfigureAwait(false);
    }

    private sealed record CreateRoomRequest(string Name, uint EmptyTimeout, uint MaxParticipants);

    private sealed record RoomRequest(string Room);

    private sealed record RoomParticipantRequest(string Room, string Identity);

    private sealed record ListParticipantsResponse(IReadOnlyList<LiveKitParticipant>? Participants);

    private sealed record EmptyResponse;
}

namespace ActorStudio.Node.LiveKit;

/// <summary>
/// A verified LiveKit webhook (protobuf-JSON, camelCase). <see cref="Event"/> is one of <see cref="LiveKitWebhookEvents"/>;
/// <see cref="Id"/> is unique per event and is what the session journal deduplicates on.
/// </summary>
public sealed record LiveKitWebhookEvent
{
    public string Event { get; init; } = string.Empty;

    public string Id { get; init; } = string.Empty;

    /// <summary>Unix seconds.</summary>
    public long CreatedAt { get; init; }

    public LiveKitRoom? Room { get; init; }

    public LiveKitParticipant? Participant { get; init; }

    public LiveKitTrack? Track { get; init; }

    public LiveKitEgressInfo? EgressInfo { get; init; }

    /// <summary>The studio session the event belongs to, from the room name (egress events name it in egressInfo).</summary>
    public bool TryGetSessionId(out string sessionId) =>
        LiveKitRoomNames.TryGetSessionId(Room?.Name, out sessionId) ||
        LiveKitRoomNames.TryGetSessionId(EgressInfo?.RoomName, out sessionId);
}

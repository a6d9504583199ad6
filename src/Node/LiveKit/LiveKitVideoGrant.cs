namespace ActorStudio.Node.LiveKit;

/// <summary>
/// The <c>video</c> claim of a LiveKit token, field for field. Null means "absent": LiveKit then applies its own
/// default (canPublish and canSubscribe true, canPublishData follows canPublish), so the issuer sets every
/// permission that matters explicitly.
/// </summary>
public sealed record LiveKitVideoGrant
{
    public bool? RoomCreate { get; init; }

    public bool? RoomList { get; init; }

    public bool? RoomRecord { get; init; }

    public bool? RoomAdmin { get; init; }

    public bool? RoomJoin { get; init; }

    public string? Room { get; init; }

    public bool? CanPublish { get; init; }

    public bool? CanSubscribe { get; init; }

    public bool? CanPublishData { get; init; }

    /// <summary>Subset of <see cref="LiveKitTrackSources"/>; limits what may be published when present.</summary>
    public IReadOnlyList<string>? CanPublishSources { get; init; }

    public bool? CanUpdateOwnMetadata { get; init; }

    public bool? IngressAdmin { get; init; }

    public bool? Hidden { get; init; }

    public bool? Recorder { get; init; }

    public bool? Agent { get; init; }
}

using ActorStudio.Actors.Runtime;

namespace ActorStudio.Actors.Generation.State;

/// <summary>
/// The session's generation state (a <see cref="Sessions.State.FeatureBag"/> slot): every generation, every stored
/// image, the shared stream, the session-wide counters, and — live only — the running GenerationActors.
/// </summary>
public sealed class GenerationBook
{
    public Dictionary<string, GenerationRecord> Generations { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ImageRecord> Images { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ParticipantGenerations> ByParticipant { get; } = new(StringComparer.Ordinal);

    /// <summary>Shared stream, oldest first (removed items stay, flagged, so their ids keep resolving).</summary>
    public List<StreamEntry> Stream { get; } = [];

    public Dictionary<string, StreamEntry> StreamById { get; } = new(StringComparer.Ordinal);

    /// <summary>Variants ever requested in the session (retries reuse their slot).</summary>
    public int RequestedImages { get; set; }

    /// <summary>Bytes of originals and thumbnails stored in the session.</summary>
    public long StoredBytes { get; set; }

    /// <summary>Live: generations with a running actor in THIS incarnation. Anything unfinished and not here was interrupted.</summary>
    public Dictionary<string, IActorRef> Running { get; } = new(StringComparer.Ordinal);

    /// <summary>Live: whether this incarnation has already failed the variants a crash left unfinished.</summary>
    public bool RecoverySwept { get; set; }

    /// <summary>Live: the per-session provider gate, shared by this session's GenerationActors.</summary>
    public SemaphoreSlim? SessionSlots { get; set; }

    public ParticipantGenerations For(string participantId)
    {
        if (!ByParticipant.TryGetValue(participantId, out var p))
        {
            p = new ParticipantGenerations();
            ByParticipant[participantId] = p;
        }

        return p;
    }
}

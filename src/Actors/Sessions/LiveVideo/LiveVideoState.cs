using ActorStudio.Actors.Media;

namespace ActorStudio.Actors.Sessions.LiveVideo;

/// <summary>The session's live-video slot (in <see cref="State.SessionState.Features"/>), rebuilt from the journal.</summary>
public sealed class LiveVideoState
{
    /// <summary>Webhook ids remembered for deduplication; LiveKit retries within minutes, so a bounded window is enough.</summary>
    public const int SeenWebhookCapacity = 4096;

    /// <summary>Finished recordings listed for the host (oldest dropped beyond this).</summary>
    public const int MaxRecordings = 100;

    private readonly HashSet<string> seenWebhooks = new(StringComparer.Ordinal);
    private readonly Queue<string> seenOrder = new();

    public RecordingState Recording { get; set; } = RecordingState.Idle;

    public DateTimeOffset? RecordingStartedAt { get; set; }

    /// <summary>Recordings that finished with a file (complete or limit reached), newest last.</summary>
    public List<RecordingFile> Files { get; } = [];

    /// <summary>Studio participant ids LiveKit reports in the room.</summary>
    public HashSet<string> InRoom { get; } = new(StringComparer.Ordinal);

    /// <summary>Tracks the host publishes, by track sid → source (CAMERA, MICROPHONE...).</summary>
    public Dictionary<string, string> HostTracks { get; } = new(StringComparer.Ordinal);

    /// <summary>Number of webhooks journaled over the session's life.</summary>
    public long WebhookEvents { get; set; }

    public bool HasSeen(string webhookId) => seenWebhooks.Contains(webhookId);

    public void MarkSeen(string webhookId)
    {
        if (!seenWebhooks.Add(webhookId))
        {
            return;
        }

        seenOrder.Enqueue(webhookId);
        while (seenOrder.Count > SeenWebhookCapacity)
        {
            seenWebhooks.Remove(seenOrder.Dequeue());
        }
    }
}

/// <summary>A finished recording: where the file is (object key in the recordings bucket) and when it ran.</summary>
public sealed record RecordingFile(string EgressId, string Location, DateTimeOffset? StartedAt, DateTimeOffset EndedAt, string? Note);

namespace ActorStudio.Actors.Media;

/// <summary>Parses the status names the media server sends (<c>EGRESS_ACTIVE</c> …) without knowing its SDK.</summary>
public static class RecordingStatus
{
    public static bool TryParse(string? name, out RecordingEgressStatus status)
    {
        switch (name)
        {
            case "EGRESS_STARTING": status = RecordingEgressStatus.Starting; return true;
            case "EGRESS_ACTIVE": status = RecordingEgressStatus.Active; return true;
            case "EGRESS_ENDING": status = RecordingEgressStatus.Ending; return true;
            case "EGRESS_COMPLETE": status = RecordingEgressStatus.Complete; return true;
            case "EGRESS_FAILED": status = RecordingEgressStatus.Failed; return true;
            case "EGRESS_ABORTED": status = RecordingEgressStatus.Aborted; return true;
            case "EGRESS_LIMIT_REACHED": status = RecordingEgressStatus.LimitReached; return true;
            default: status = default; return false;
        }
    }

    public static string ToName(RecordingEgressStatus status) => status switch
    {
        RecordingEgressStatus.Starting => "EGRESS_STARTING",
        RecordingEgressStatus.Active => "EGRESS_ACTIVE",
        RecordingEgressStatus.Ending => "EGRESS_ENDING",
        RecordingEgressStatus.Complete => "EGRESS_COMPLETE",
        RecordingEgressStatus.Failed => "EGRESS_FAILED",
        RecordingEgressStatus.Aborted => "EGRESS_ABORTED",
        RecordingEgressStatus.LimitReached => "EGRESS_LIMIT_REACHED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown egress status"),
    };
}

namespace ActorStudio.Node.Analytics;

/// <summary>
/// What an analytics event says happened. Most come straight from a journal event through
/// <see cref="AnalyticsEventMap"/>; <see cref="GenFirstImage"/>, <see cref="GenComplete"/> and <see cref="GenFailed"/>
/// are derived by <see cref="AnalyticsProjection"/> from the per-variant facts (<see cref="GenImageStored"/>,
/// <see cref="GenVariantFailed"/>), so generation events only need to say what happened to each variant.
/// </summary>
public enum AnalyticsEventKind
{
    SessionCreated,
    JoinOk,
    JoinFailed,
    GenRequest,
    GenImageStored,
    GenVariantFailed,
    GenFirstImage,
    GenComplete,
    GenFailed,
    Favorite,
    ModerationRemove,
    RecordingStarted,
    RecordingStopped,
    Leave,
    PageEvent,
}

/// <summary>The snake_case names the dashboard and docs use.</summary>
public static class AnalyticsEventNames
{
    public static string Of(AnalyticsEventKind kind) => kind switch
    {
        AnalyticsEventKind.SessionCreated => "session_created",
        AnalyticsEventKind.JoinOk => "join_ok",
        AnalyticsEventKind.JoinFailed => "join_failed",
        AnalyticsEventKind.GenRequest => "gen_request",
        AnalyticsEventKind.GenImageStored => "gen_image_stored",
        AnalyticsEventKind.GenVariantFailed => "gen_variant_failed",
        AnalyticsEventKind.GenFirstImage => "gen_first_image",
        AnalyticsEventKind.GenComplete => "gen_complete",
        AnalyticsEventKind.GenFailed => "gen_failed",
        AnalyticsEventKind.Favorite => "favorite",
        AnalyticsEventKind.ModerationRemove => "moderation_remove",
        AnalyticsEventKind.RecordingStarted => "recording_started",
        AnalyticsEventKind.RecordingStopped => "recording_stopped",
        AnalyticsEventKind.Leave => "leave",
        AnalyticsEventKind.PageEvent => "page_event",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

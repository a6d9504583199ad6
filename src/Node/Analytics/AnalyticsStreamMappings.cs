namespace ActorStudio.Node.Analytics;

/// <summary>Rows of the analytics streams' own events (failed joins, page beacons).</summary>
public static class AnalyticsStreamMappings
{
    public static AnalyticsEventMap MapAnalyticsStreams(this AnalyticsEventMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.Map(
            JoinAttemptFailed.TypeName,
            static row => AnalyticsStreamCodec.ReadJoinAttemptFailed(row.Payload),
            static (e, _) => [new AnalyticsEvent(AnalyticsEventKind.JoinFailed, e.At, e.SessionId, Reason: e.Reason)]);
        map.Map(
            PageEventRecorded.TypeName,
            static row => AnalyticsStreamCodec.ReadPageEventRecorded(row.Payload),
            static (e, _) => [new AnalyticsEvent(AnalyticsEventKind.PageEvent, e.At, e.SessionId ?? string.Empty, Reason: e.Name)]);
        return map;
    }
}

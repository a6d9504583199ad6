using ActorStudio.Actors.Generation.Events;
using ActorStudio.Actors.Media;
using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Actors.Sessions.LiveVideo;
using ActorStudio.Actors.Sessions.Events;
using ActorStudio.Actors.Sessions.Features;

namespace ActorStudio.Node.Analytics;

/// <summary>
/// The session journal's lines of the analytics table. Rows are decoded with the session features' own codecs
/// (<see cref="SessionFeatureRegistry.Serializer"/>), so upcasting applies here too.
/// </summary>
/// <remarks>
/// Generation: a request → <see cref="AnalyticsEventKind.GenRequest"/> (Count = its variants), each variant stored →
/// <see cref="AnalyticsEventKind.GenImageStored"/>, each variant failed → <see cref="AnalyticsEventKind.GenVariantFailed"/>
/// with the reason; first image, completion and failure are derived by the projection. A star (an image shared into
/// the stream) → <see cref="AnalyticsEventKind.Favorite"/>; a recording that became active or complete →
/// started/stopped. "leave" counts removals and participants who did not come back within the reconnect grace.
/// </remarks>
public static class SessionAnalyticsMappings
{
    public static AnalyticsEventMap MapSessionEvents(this AnalyticsEventMap map, SessionEventSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(serializer);
        Func<PersistedEvent, ISessionEvent> decode = row => serializer.Deserialize(row.EventType, row.EventVersion, row.Payload.Span);

        map.Map("session.created", decode, static (e, ctx) =>
            e is SessionCreated created
                ? [new AnalyticsEvent(AnalyticsEventKind.SessionCreated, created.At, ctx.SessionId ?? created.SessionId, Detail: created.Title)]
                : []);
        map.Map("participant.joined", decode, static (e, ctx) =>
            e is ParticipantJoined joined && ctx.SessionId is { } sessionId
                ? [new AnalyticsEvent(AnalyticsEventKind.JoinOk, joined.At, sessionId, joined.ParticipantId, Detail: joined.Role.ToString())]
                : []);
        map.Map("participant.removed", decode, static (e, ctx) =>
            e is ParticipantRemoved removed && ctx.SessionId is { } sessionId
                ?
                [
                    new AnalyticsEvent(AnalyticsEventKind.ModerationRemove, removed.At, sessionId, removed.ByParticipantId, Detail: "participant"),
                    new AnalyticsEvent(AnalyticsEventKind.Leave, removed.At, sessionId, removed.ParticipantId, Reason: "removed"),
                ]
                : []);
        map.Map("participant.left", decode, static (e, ctx) =>
            e is ParticipantLeft left && ctx.SessionId is { } sessionId
                ? [new AnalyticsEvent(AnalyticsEventKind.Leave, left.At, sessionId, left.ParticipantId, Reason: "left")]
                : []);
        map.Map("generation.requested", decode, static (e, ctx) =>
            e is GenerationRequested requested && ctx.SessionId is { } sessionId
                ? [new AnalyticsEvent(AnalyticsEventKind.GenRequest, requested.At, sessionId, requested.ByParticipantId, requested.GenerationId, Count: requested.ImageIds.Count)]
                : []);
        map.Map("generation.variant-stored", decode, static (e, ctx) =>
            e is VariantStored stored && ctx.SessionId is { } sessionId
                ? [new AnalyticsEvent(AnalyticsEventKind.GenImageStored, stored.At, sessionId, GenerationId: stored.GenerationId, Detail: stored.Model)]
                : []);
        map.Map("generation.variant-failed", decode, static (e, ctx) =>
            e is VariantFailed failed && ctx.SessionId is { } sessionId
                ? [new AnalyticsEvent(AnalyticsEventKind.GenVariantFailed, failed.At, sessionId, GenerationId: failed.GenerationId, Reason: failed.Reason)]
                : []);
        map.Map("stream.shared", decode, static (e, ctx) =>
            e is ImageShared shared && ctx.SessionId is { } sessionId
                ? [new AnalyticsEvent(AnalyticsEventKind.Favorite, shared.At, sessionId, shared.ByParticipantId, Detail: shared.ImageId)]
                : []);
        map.Map("media.recording-changed", decode, static (e, ctx) =>
            e is RecordingChanged { Phase: RecordingPhase.Active or RecordingPhase.Complete } changed && ctx.SessionId is { } sessionId
                ? [new AnalyticsEvent(changed.Phase == RecordingPhase.Active ? AnalyticsEventKind.RecordingStarted : AnalyticsEventKind.RecordingStopped, changed.At, sessionId, changed.ByParticipantId)]
                : []);
        map.Map("chat.removed", decode, static (e, ctx) =>
            e is ChatMessageRemoved removed && ctx.SessionId is { } sessionId
                ? [new AnalyticsEvent(AnalyticsEventKind.ModerationRemove, removed.At, sessionId, removed.ByParticipantId, Detail: "chat")]
                : []);
        return map;
    }

    /// <summary>Adds the session mappings when the sessions feature is in the node.</summary>
    public static IServiceCollection AddSessionAnalytics(this IServiceCollection services) =>
        services.AddAnalyticsMapping(static (map, sp) =>
        {
            if (sp.GetService<SessionFeatureRegistry>() is { } registry)
            {
                map.MapSessionEvents(registry.Serializer);
            }
        });
}

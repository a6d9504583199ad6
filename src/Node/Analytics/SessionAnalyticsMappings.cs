using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Actors.Sessions.Events;
using ActorStudio.Actors.Sessions.Features;

namespace ActorStudio.Node.Analytics;

/// <summary>
/// The session journal's lines of the analytics table. Rows are decoded with the session features' own codecs
/// (<see cref="SessionFeatureRegistry.Serializer"/>), so upcasting applies here too.
/// </summary>
/// <remarks>
/// Generation, favorites and recording events are added by their features the same way
/// (<c>services.AddAnalyticsMapping</c>): a generation request → <see cref="AnalyticsEventKind.GenRequest"/> (Count = 4),
/// each variant stored → <see cref="AnalyticsEventKind.GenImageStored"/>, each variant failed →
/// <see cref="AnalyticsEventKind.GenVariantFailed"/> with the reason; first image, completion and failure are derived.
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

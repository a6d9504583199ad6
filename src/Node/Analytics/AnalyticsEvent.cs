namespace ActorStudio.Node.Analytics;

/// <summary>
/// One analytics fact, derived from a journal event (never stored on its own: the journal is the source of truth).
/// </summary>
/// <param name="SessionId">Empty for node-level facts that belong to no session (a failed join to an unknown session still names the id tried).</param>
/// <param name="Reason">Why a join or generation failed, or which page event a beacon carried.</param>
/// <param name="Detail">Free detail: a session title, what was removed.</param>
/// <param name="Count">Variants a generation asks for (gen_request); 1 otherwise.</param>
public sealed record AnalyticsEvent(
    AnalyticsEventKind Kind,
    DateTimeOffset At,
    string SessionId,
    string? ParticipantId = null,
    string? GenerationId = null,
    string? Reason = null,
    string? Detail = null,
    int Count = 1)
{
    public string Name => AnalyticsEventNames.Of(Kind);
}

using ActorStudio.Actors.Runtime.Persistence;

namespace ActorStudio.Node.Analytics;

/// <summary>Where a journal event came from, for mappers that need more than the event itself.</summary>
/// <param name="SessionId">The session the persistence id belongs to, or null if it is not a session stream.</param>
public readonly record struct JournalContext(PersistedEvent Row, string? SessionId);

/// <summary>
/// The table from journal event TYPES (the stored type name) to analytics events. A feature that adds journal events
/// adds one line here (or calls <see cref="Map{TEvent}"/> from its own registration) and the dashboard picks it up;
/// rows of unmapped types are skipped without being decoded.
/// </summary>
public sealed class AnalyticsEventMap
{
    private readonly Dictionary<string, Func<PersistedEvent, JournalContext, IEnumerable<AnalyticsEvent>>> _byType =
        new(StringComparer.Ordinal);

    /// <summary>Maps stored rows of <paramref name="eventType"/>: <paramref name="decode"/> reads the payload, <paramref name="map"/> says what it means.</summary>
    public AnalyticsEventMap Map<TEvent>(
        string eventType,
        Func<PersistedEvent, TEvent> decode,
        Func<TEvent, JournalContext, IEnumerable<AnalyticsEvent>> map)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventType);
        ArgumentNullException.ThrowIfNull(decode);
        ArgumentNullException.ThrowIfNull(map);
        if (!_byType.TryAdd(eventType, (row, context) => map(decode(row), context)))
        {
            throw new InvalidOperationException($"Journal event type '{eventType}' is mapped twice.");
        }

        return this;
    }

    /// <summary>Persistence ids of session streams start with this; the rest is the session id.</summary>
    public string SessionStreamPrefix { get; set; } = "session-";

    /// <summary>The session a persistence id belongs to, or null for other streams.</summary>
    public string? SessionIdOf(string persistenceId) =>
        persistenceId.StartsWith(SessionStreamPrefix, StringComparison.Ordinal) ? persistenceId[SessionStreamPrefix.Length..] : null;

    public bool IsMapped(string eventType) => _byType.ContainsKey(eventType);

    /// <summary>The analytics events a stored row stands for (none if its type is not mapped).</summary>
    public IEnumerable<AnalyticsEvent> Translate(PersistedEvent row, string? sessionId) =>
        _byType.TryGetValue(row.EventType, out var map) ? map(row, new JournalContext(row, sessionId)) : [];
}

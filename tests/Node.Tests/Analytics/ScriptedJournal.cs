using System.Text.Json;
using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Analytics;

namespace ActorStudio.Node.Tests.Analytics;

/// <summary>
/// A journal event type of the tests' own ("test.fact"), stored as JSON, that says directly which analytics fact
/// happened: it lets the projection be checked on a script without depending on how each feature names its events.
/// </summary>
internal sealed record TestFact(AnalyticsEventKind Kind, DateTimeOffset At, string? ParticipantId = null, string? GenerationId = null, string? Reason = null, int Count = 1)
{
    public const string TypeName = "test.fact";

    public static void Register(AnalyticsEventMap map) => map.Map(
        TypeName,
        static row => JsonSerializer.Deserialize<TestFact>(row.Payload.Span)!,
        static (f, ctx) => [new AnalyticsEvent(f.Kind, f.At, ctx.SessionId ?? string.Empty, f.ParticipantId, f.GenerationId, f.Reason, Count: f.Count)]);
}

/// <summary>Appends facts to session streams of a journal, one row per fact (one writer per stream, as in production).</summary>
internal sealed class ScriptedJournal(IJournal journal)
{
    private readonly Dictionary<string, long> _highest = [];

    public async Task AppendAsync(string sessionId, params TestFact[] facts)
    {
        var id = "session-" + sessionId;
        var next = _highest.GetValueOrDefault(id);
        var events = new List<JournalEvent>();
        foreach (var fact in facts)
        {
            events.Add(new JournalEvent(++next, TestFact.TypeName, 1, JsonSerializer.SerializeToUtf8Bytes(fact)));
        }

        await journal.AppendAsync(new AppendRequest(id, 0, events), CancellationToken.None);
        _highest[id] = next;
    }
}

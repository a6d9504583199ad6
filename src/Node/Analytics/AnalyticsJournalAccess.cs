using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Runtime.Persistence;

namespace ActorStudio.Node.Analytics;

/// <summary>
/// Finds the journal the sessions write to, so analytics reads (and writes its own streams to) the same one:
/// an <see cref="IJournal"/> registered in DI, else the <see cref="PersistenceSettings"/> registered, else the
/// actor system's. Resolved lazily, after every feature has registered its services.
/// </summary>
public sealed class AnalyticsJournalAccess(IServiceProvider services)
{
    private readonly Lazy<IJournal?> _journal = new(() =>
        services.GetService<IJournal>()
        ?? services.GetService<PersistenceSettings>()?.Journal
        ?? services.GetService<ActorSystem>()?.Settings.Persistence.Journal);

    private readonly Lazy<IJournalFeed?> _feed = new(() => services.GetService<IJournalFeed>());

    public IJournal? Journal => _journal.Value;

    /// <summary>The global-order reader: a registered <see cref="IJournalFeed"/>, or the journal itself when it is one.</summary>
    public IJournalFeed? Feed => _feed.Value ?? (Journal is Observability.MeteredJournal metered ? metered.Inner : Journal) as IJournalFeed;

    public IJournal RequireJournal() =>
        Journal ?? throw new InvalidOperationException("No journal is registered: analytics has nowhere to write.");
}

namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>
/// Reads the journal across all persistence ids in global <see cref="PersistedEvent.Ordering"/>: the feed that
/// projections (analytics, read models) are built and rebuilt from. Journals implement it next to <see cref="IJournal"/>.
/// </summary>
/// <remarks>
/// Ordering values are assigned when rows are inserted; with concurrent writers (PostgreSQL) a lower value may become
/// visible after a higher one. Readers must therefore treat a gap as "maybe not committed yet" for a short while
/// before skipping it (a rolled-back insert leaves a permanent gap).
/// </remarks>
public interface IJournalFeed
{
    /// <summary>Up to <paramref name="maxCount"/> events with Ordering &gt; <paramref name="afterOrdering"/>, ascending by Ordering.</summary>
    Task<IReadOnlyList<PersistedEvent>> ReadAllAsync(long afterOrdering, int maxCount, CancellationToken cancellationToken);
}

namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>Snapshots of persistent actors; recovery = latest snapshot + the events after it.</summary>
public interface ISnapshotStore
{
    /// <summary>Saves (or replaces) the snapshot at its sequence number.</summary>
    Task SaveAsync(SnapshotRecord snapshot, CancellationToken cancellationToken);

    Task<SnapshotRecord?> LoadLatestAsync(string persistenceId, CancellationToken cancellationToken);

    /// <summary>Deletes snapshots with sequence number &lt;= <paramref name="toSequenceNr"/>.</summary>
    Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken);
}

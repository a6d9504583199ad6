namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>Snapshots in process memory, for tests and benchmarks.</summary>
public sealed class InMemorySnapshotStore : ISnapshotStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedList<long, SnapshotRecord>> _snapshots = new(StringComparer.Ordinal);

    public Task SaveAsync(SnapshotRecord snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_lock)
        {
            if (!_snapshots.TryGetValue(snapshot.PersistenceId, out var list))
            {
                list = [];
                _snapshots.Add(snapshot.PersistenceId, list);
            }

            list[snapshot.SequenceNr] = snapshot with { Payload = snapshot.Payload.ToArray() };
        }

        return Task.CompletedTask;
    }

    public Task<SnapshotRecord?> LoadLatestAsync(string persistenceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_snapshots.TryGetValue(persistenceId, out var list) && list.Count > 0
                ? list.Values[^1]
                : null);
        }
    }

    public Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_snapshots.TryGetValue(persistenceId, out var list))
            {
                while (list.Count > 0 && list.Keys[0] <= toSequenceNr)
                {
                    list.RemoveAt(0);
                }
            }
        }

        return Task.CompletedTask;
    }
}

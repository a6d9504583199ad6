namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>Where persistent actors write, and the snapshot policy. The node supplies the SQL back ends.</summary>
public sealed record PersistenceSettings(IJournal Journal, ISnapshotStore SnapshotStore, IEventSerializer Serializer)
{
    /// <summary>Take a snapshot every N persisted events (0 = never). Actors can override.</summary>
    public int SnapshotEvery { get; init; } = 1_000;

    /// <summary>Delete journal events covered by a new snapshot (and older snapshots).</summary>
    public bool DeleteEventsBehindSnapshot { get; init; }

    public static PersistenceSettings InMemory(IEventSerializer? serializer = null) =>
        new(new InMemoryJournal(), new InMemorySnapshotStore(), serializer ?? new EventSerializerRegistry());
}

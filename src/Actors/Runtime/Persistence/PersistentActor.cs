using Microsoft.Extensions.Logging;

namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>
/// An actor whose state is the fold of its journal. On start (and on every restart) it RECOVERS: latest snapshot
/// (<see cref="ApplySnapshot"/>), then every later event (<see cref="ApplyEvent"/>), then
/// <see cref="OnRecoveryCompletedAsync"/>; only then are messages handled.
/// <para>
/// Writing: <see cref="PersistAllAsync"/> makes ONE journal append for the whole list and, only once it succeeded,
/// applies the events in order through <see cref="ApplyEvent"/>. Pair it with <see cref="Actor.OnReceiveBatchAsync"/>
/// to persist a whole game-loop turn at once. If the journal refuses the write (<see cref="JournalRefusedException"/>:
/// a sequence collision or a stale writer epoch) nothing is applied and the exception propagates, so the default
/// supervisor STOPS the actor. Any other write failure propagates too and the actor restarts, rebuilding its state
/// from the journal.
/// </para>
/// </summary>
public abstract class PersistentActor : Actor
{
    private long _lastSnapshotSequenceNr;

    /// <summary>The journal stream this actor owns, e.g. <c>session-{id}</c>. Must be stable for the actor's life.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>Fencing epoch carried by every append (the cluster passes the lease epoch). Raised in the journal on recovery.</summary>
    protected virtual long WriterEpoch => 0;

    protected virtual PersistenceSettings Persistence => Context.System.Settings.Persistence;

    protected virtual int SnapshotEvery => Persistence.SnapshotEvery;

    protected virtual bool DeleteEventsBehindSnapshot => Persistence.DeleteEventsBehindSnapshot;

    /// <summary>Sequence number of the last event applied (recovered or persisted).</summary>
    protected long LastSequenceNr { get; private set; }

    /// <summary>True while events are being replayed (ApplyEvent must not have side effects then).</summary>
    protected bool IsRecovering { get; private set; }

    /// <summary>Events replayed by the last recovery (after the snapshot, if any).</summary>
    protected long RecoveredEventCount { get; private set; }

    /// <summary>Mutates in-memory state with one event. Must be deterministic: it runs on replay too.</summary>
    protected abstract void ApplyEvent(object @event);

    /// <summary>The state to snapshot (serialized with the event serializer), or null if this actor takes no snapshots.</summary>
    protected virtual object? GetSnapshotState() => null;

    /// <summary>Restores state from a snapshot produced by <see cref="GetSnapshotState"/>.</summary>
    protected virtual void ApplySnapshot(object state)
    {
    }

    /// <summary>Called after recovery, before the first message.</summary>
    protected virtual ValueTask OnRecoveryCompletedAsync() => ValueTask.CompletedTask;

    /// <summary>Persists one event (one journal append) and applies it once written.</summary>
    protected Task PersistAsync(object @event, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return PersistAllAsync([@event], cancellationToken);
    }

    /// <summary>Persists all events in ONE journal append, then applies them in order. An empty list does nothing.</summary>
    protected async Task PersistAllAsync(IReadOnlyList<object> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        var serializer = Persistence.Serializer;
        var rows = new JournalEvent[events.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var payload = serializer.Serialize(events[i]);
            rows[i] = new JournalEvent(LastSequenceNr + 1 + i, payload.Type, payload.Version, payload.Payload);
        }

        try
        {
            await Persistence.Journal.AppendAsync(new AppendRequest(PersistenceId, WriterEpoch, rows), cancellationToken).ConfigureAwait(false);
        }
        catch (JournalRefusedException refused)
        {
            Logger.LogError(refused, "Persistent actor {ActorPath} ({PersistenceId}) lost its single-writer right; stopping without applying {EventCount} events",
                Self.Path, PersistenceId, rows.Length);
            throw;
        }

        for (var i = 0; i < events.Count; i++)
        {
            ApplyEvent(events[i]);
            LastSequenceNr++;
        }

        if (SnapshotEvery > 0 && LastSequenceNr - _lastSnapshotSequenceNr >= SnapshotEvery)
        {
            await SaveSnapshotAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Saves a snapshot of <see cref="GetSnapshotState"/> now. A failure is logged, not thrown: the journal still holds
    /// everything, so recovery only gets slower.
    /// </summary>
    protected async Task SaveSnapshotAsync(CancellationToken cancellationToken = default)
    {
        var state = GetSnapshotState();
        if (state is null)
        {
            return;
        }

        var sequenceNr = LastSequenceNr;
        try
        {
            var payload = Persistence.Serializer.Serialize(state);
            await Persistence.SnapshotStore.SaveAsync(new SnapshotRecord(PersistenceId, sequenceNr, Context.System.TimeProvider.GetUtcNow(),
                payload.Type, payload.Version, payload.Payload), cancellationToken).ConfigureAwait(false);
            _lastSnapshotSequenceNr = sequenceNr;
            if (DeleteEventsBehindSnapshot)
            {
                await Persistence.Journal.DeleteUpToAsync(PersistenceId, sequenceNr, cancellationToken).ConfigureAwait(false);
                await Persistence.SnapshotStore.DeleteUpToAsync(PersistenceId, sequenceNr - 1, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            Logger.LogWarning(error, "Persistent actor {ActorPath} ({PersistenceId}) could not save a snapshot at {SequenceNr}",
                Self.Path, PersistenceId, sequenceNr);
        }
    }

    internal sealed override async ValueTask StartAsync()
    {
        await PreStartAsync().ConfigureAwait(false);
        await RecoverAsync().ConfigureAwait(false);
        await OnRecoveryCompletedAsync().ConfigureAwait(false);
    }

    private async Task RecoverAsync()
    {
        var persistence = Persistence;
        var id = PersistenceId;
        IsRecovering = true;
        LastSequenceNr = 0;
        _lastSnapshotSequenceNr = 0;
        RecoveredEventCount = 0;
        if (WriterEpoch > 0)
        {
            // Fence out older writers before reading, so nothing they append afterwards can slip in unseen.
            await persistence.Journal.RaiseWriterEpochAsync(id, WriterEpoch, CancellationToken.None).ConfigureAwait(false);
        }

        var snapshot = await persistence.SnapshotStore.LoadLatestAsync(id, CancellationToken.None).ConfigureAwait(false);
        if (snapshot is not null)
        {
            ApplySnapshot(persistence.Serializer.Deserialize(snapshot.StateType, snapshot.StateVersion, snapshot.Payload));
            LastSequenceNr = snapshot.SequenceNr;
            _lastSnapshotSequenceNr = snapshot.SequenceNr;
        }

        await foreach (var e in persistence.Journal.ReplayAsync(id, LastSequenceNr + 1, long.MaxValue, CancellationToken.None).ConfigureAwait(false))
        {
            if (e.SequenceNr != LastSequenceNr + 1)
            {
                throw new InvalidOperationException($"Journal for '{id}' has a hole: expected event {LastSequenceNr + 1}, found {e.SequenceNr}.");
            }

            ApplyEvent(persistence.Serializer.Deserialize(e.EventType, e.EventVersion, e.Payload));
            LastSequenceNr = e.SequenceNr;
            RecoveredEventCount++;
        }

        var highest = await persistence.Journal.ReadHighestSequenceNrAsync(id, CancellationToken.None).ConfigureAwait(false);
        if (highest > LastSequenceNr)
        {
            // Events were deleted behind a snapshot we do not have: refuse to run on a partial state.
            throw new InvalidOperationException($"Journal for '{id}' ends at {highest} but recovery reached only {LastSequenceNr}.");
        }

        IsRecovering = false;
        Logger.LogDebug("Persistent actor {ActorPath} ({PersistenceId}) recovered to {SequenceNr} ({EventCount} events replayed)",
            Self.Path, id, LastSequenceNr, RecoveredEventCount);
    }
}

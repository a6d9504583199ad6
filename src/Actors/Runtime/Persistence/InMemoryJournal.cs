using System.Runtime.CompilerServices;

namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>A journal in process memory, for tests and benchmarks. Same rules as the SQL journals.</summary>
public sealed class InMemoryJournal(TimeProvider? timeProvider = null, int maxPayloadBytes = InMemoryJournal.DefaultMaxPayloadBytes) : IJournal
{
    public const int DefaultMaxPayloadBytes = 4 * 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Stream> _streams = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;
    private long _ordering;

    public int MaxPayloadBytes { get; } = maxPayloadBytes;

    public Task AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        AppendValidation.ValidateShape(request, MaxPayloadBytes);
        lock (_lock)
        {
            var stream = GetOrAdd(request.PersistenceId);
            AppendValidation.ValidateAgainst(request, stream.Highest, stream.Epoch);
            var now = _timeProvider.GetUtcNow();
            foreach (var e in request.Events)
            {
                stream.Events.Add(new PersistedEvent(request.PersistenceId, e.SequenceNr, ++_ordering, now, request.WriterEpoch,
                    e.EventType, e.EventVersion, e.Payload.ToArray()));
            }

            stream.Highest = request.Events[^1].SequenceNr;
            stream.Epoch = request.WriterEpoch;
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<PersistedEvent> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        PersistedEvent[] copy;
        lock (_lock)
        {
            copy = _streams.TryGetValue(persistenceId, out var stream)
                ? stream.Events.FindAll(e => e.SequenceNr >= fromSequenceNr && e.SequenceNr <= toSequenceNr).ToArray()
                : [];
        }

        foreach (var e in copy)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_streams.TryGetValue(persistenceId, out var s) ? s.Highest : 0L);
        }
    }

    public Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_streams.TryGetValue(persistenceId, out var s))
            {
                s.Events.RemoveAll(e => e.SequenceNr <= toSequenceNr);
            }
        }

        return Task.CompletedTask;
    }

    public Task<long> RaiseWriterEpochAsync(string persistenceId, long epoch, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var s = GetOrAdd(persistenceId);
            if (epoch < s.Epoch)
            {
                throw new StaleWriterEpochException(persistenceId, epoch, s.Epoch);
            }

            s.Epoch = epoch;
            return Task.FromResult(epoch);
        }
    }

    public Task<long> ReadWriterEpochAsync(string persistenceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_streams.TryGetValue(persistenceId, out var s) ? s.Epoch : 0L);
        }
    }

    private Stream GetOrAdd(string persistenceId)
    {
        if (!_streams.TryGetValue(persistenceId, out var stream))
        {
            stream = new Stream();
            _streams.Add(persistenceId, stream);
        }

        return stream;
    }

    private sealed class Stream
    {
        public List<PersistedEvent> Events { get; } = [];

        public long Highest { get; set; }

        public long Epoch { get; set; }
    }
}

using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.TestSupport.Actors;

namespace ActorStudio.Actors.Tests.Runtime;

public sealed class BatchTests
{
    /// <summary>A game-loop-shaped actor: each turn persists every Increment of the batch in ONE append.</summary>
    private sealed class TurnActor(TaskCompletionSource started, TaskCompletionSource gate, IActorRef probe) : PersistentActor
    {
        private long _total;

        public override string PersistenceId => "turn-actor";

        protected override async ValueTask OnReceiveBatchAsync(ReadOnlyMemory<Envelope> batch)
        {
            if (batch.Span[0].Message is "gate")
            {
                started.TrySetResult();
                await gate.Task;
                batch = batch[1..];
            }

            var events = new List<object>(batch.Length);
            for (var i = 0; i < batch.Length; i++)
            {
                if (batch.Span[i].Message is Increment increment)
                {
                    events.Add(new Incremented(increment.By));
                }
            }

            await PersistAllAsync(events);
            probe.Tell((batch.Length, _total), Self);
        }

        protected override ValueTask OnReceiveAsync(object message) => throw new InvalidOperationException("batch actor");

        protected override void ApplyEvent(object @event) => _total += ((Incremented)@event).By;
    }

    [Fact]
    public async Task WaitingMessagesAreDrainedInBatchesUpToTheCapAndEachTurnIsOneAppend()
    {
        var journal = new CountingJournal(new InMemoryJournal());
        var settings = new ActorSystemSettings
        {
            Persistence = new PersistenceSettings(journal, new InMemorySnapshotStore(), TestSerializers.Counter()) { SnapshotEvery = 0 },
        };
        await using var system = ActorSystem.Create("batch", settings);
        var probe = new TestProbe();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = system.ActorOf(Props.Create(() => new TurnActor(started, gate, probe)).WithMaxBatchSize(32));
        actor.Tell("gate");
        await started.Task;
        for (var i = 0; i < 100; i++)
        {
            actor.Tell(new Increment(1));
        }

        gate.SetResult();
        var sizes = new List<int>();
        long total = 0;
        while (total < 100)
        {
            var (size, runningTotal) = await probe.ExpectMsgAsync<(int, long)>();
            sizes.Add(size);
            total = runningTotal;
        }

        // The gate turn held only the gate (it was alone in the mailbox); then 100 waiting messages in turns of <= 32.
        Assert.Equal([0, 32, 32, 32, 4], sizes);
        Assert.Equal(4, journal.Appends);
        Assert.Equal(100, await journal.ReadHighestSequenceNrAsync("turn-actor", CancellationToken.None));
    }
}

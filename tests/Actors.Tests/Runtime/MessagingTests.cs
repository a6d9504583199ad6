using ActorStudio.Actors.Runtime;
using ActorStudio.TestSupport.Actors;

namespace ActorStudio.Actors.Tests.Runtime;

public sealed class MessagingTests : IAsyncLifetime
{
    private readonly ActorSystem _system = ActorSystem.Create("messaging");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _system.DisposeAsync();

    private sealed record Tagged(int Sender, int Sequence);

    private sealed class RecordingActor : Actor
    {
        private readonly List<Tagged> _seen = [];

        protected override ValueTask OnReceiveAsync(object message)
        {
            switch (message)
            {
                case Tagged tagged:
                    _seen.Add(tagged);
                    break;
                case "dump":
                    Sender?.Tell(_seen.ToArray(), Self);
                    break;
            }

            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task MessagesFromOneSenderArriveInTheOrderTheyWereSent()
    {
        const int senders = 8;
        const int perSender = 20_000;
        var actor = _system.ActorOf(Props.Create(() => new RecordingActor()).WithMailboxCapacity(senders * perSender + 10));
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            for (var i = 0; i < perSender; i++)
            {
                Assert.True(actor.Tell(new Tagged(s, i)));
            }
        })));

        var seen = await actor.Ask<Tagged[]>("dump", TimeSpan.FromSeconds(10));
        Assert.Equal(senders * perSender, seen.Length);
        var next = new int[senders];
        foreach (var tagged in seen)
        {
            Assert.Equal(next[tagged.Sender], tagged.Sequence);
            next[tagged.Sender]++;
        }
    }

    private sealed class ConcurrencyDetector : Actor
    {
        private int _inside;
        private int _maxInside;
        private long _handled;

        protected override async ValueTask OnReceiveAsync(object message)
        {
            if (message is "report")
            {
                Sender?.Tell((_maxInside, _handled), Self);
                return;
            }

            var now = Interlocked.Increment(ref _inside);
            _maxInside = Math.Max(_maxInside, now);
            if ((int)message % 7 == 0)
            {
                // A real suspension: the next message must still wait for this handler's task.
                await Task.Yield();
            }

            _handled++;
            Interlocked.Decrement(ref _inside);
        }
    }

    [Fact]
    public async Task HandlersNeverRunConcurrentlyEvenWhenAsyncAndHammeredFromManyThreads()
    {
        const int threads = 8;
        const int perThread = 25_000;
        var actor = _system.ActorOf(Props.Create(() => new ConcurrencyDetector()).WithMailboxCapacity(threads * perThread + 10));
        await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                actor.Tell(i);
            }
        })));

        var (maxInside, handled) = await actor.Ask<(int, long)>("report", TimeSpan.FromSeconds(20));
        Assert.Equal(1, maxInside);
        Assert.Equal(threads * perThread, handled);
    }

    [Fact]
    public async Task AskTimesOutWhenNoReplyComes()
    {
        var silent = _system.ActorOf(Props.Create(() => new ForwardingActor(new TestProbe())));
        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => silent.Ask<string>("hello", TimeSpan.FromMilliseconds(100)));
        Assert.Contains(silent.Path.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskIsCancelledByItsToken()
    {
        var silent = _system.ActorOf(Props.Create(() => new ForwardingActor(new TestProbe())));
        using var cts = new CancellationTokenSource();
        var pending = silent.Ask<string>("hello", TimeSpan.FromMinutes(1), cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task AskGetsTheReplyAndFailsOnStatusFailureOrWrongType()
    {
        var echo = _system.ActorOf(Props.Create(() => new EchoActor()));
        Assert.Equal("hi", await echo.Ask<string>("hi", TimeSpan.FromSeconds(5)));
        await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<int>("not an int", TimeSpan.FromSeconds(5)));
        var probe = new TestProbe();
        var relay = _system.ActorOf(Props.Create(() => new ForwardingActor(probe)));
        var pending = relay.Ask<string>("question", TimeSpan.FromSeconds(5));
        await probe.ExpectMsgAsync<string>();
        probe.Reply(new StatusFailure(new InvalidOperationException("no")));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => pending);
        Assert.Equal("no", error.Message);
    }

    [Fact]
    public async Task AskToAStoppedActorFailsAtOnceInsteadOfTimingOut()
    {
        var echo = _system.ActorOf(Props.Create(() => new EchoActor()));
        _system.Stop(echo);
        await _system.WhenTerminated(echo);
        await Assert.ThrowsAsync<ActorNotAvailableException>(() => echo.Ask<string>("hi", TimeSpan.FromMinutes(1)));
    }

    private sealed class GateActor(TaskCompletionSource started, TaskCompletionSource gate) : Actor
    {
        protected override async ValueTask OnReceiveAsync(object message)
        {
            if (message is "wait")
            {
                started.SetResult();
                await gate.Task;
            }
        }
    }

    [Fact]
    public async Task AFullMailboxRefusesTellAndCountsADeadLetter()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = _system.ActorOf(Props.Create(() => new GateActor(started, gate)).WithMailboxCapacity(3));
        Assert.True(actor.Tell("wait"));
        await started.Task; // the actor is now busy and its mailbox empty
        Assert.True(actor.Tell("fill-1"));
        Assert.True(actor.Tell("fill-2"));
        Assert.True(actor.Tell("fill-3"));

        var before = _system.DeadLetterCount;
        Assert.False(actor.Tell("overflow"));
        Assert.Equal(before + 1, _system.DeadLetterCount);
        await Assert.ThrowsAsync<ActorNotAvailableException>(() => actor.Ask<string>("ask-overflow", TimeSpan.FromMinutes(1)));
        gate.SetResult();
    }

    [Fact]
    public async Task PoisonPillStopsAfterTheMessagesBeforeIt()
    {
        var probe = new TestProbe();
        var actor = _system.ActorOf(Props.Create(() => new ForwardingActor(probe)));
        actor.Tell(1);
        actor.Tell(2);
        actor.Tell(PoisonPill.Instance);
        actor.Tell(3);
        Assert.Equal(1, await probe.ExpectMsgAsync<int>());
        Assert.Equal(2, await probe.ExpectMsgAsync<int>());
        await _system.WhenTerminated(actor);
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }
}

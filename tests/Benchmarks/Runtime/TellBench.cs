using ActorStudio.Actors.Runtime;

namespace ActorStudio.Benchmarks.Runtime;

internal static class TellBench
{
    private sealed record Go(IActorRef Receiver, long Total, int Window, int AckEvery);

    private sealed class Payload
    {
        public static Payload Instance { get; } = new();
    }

    private sealed class Ack
    {
        public static Ack Instance { get; } = new();
    }

    /// <summary>Sends with a flow-control window: a receiver acks every AckEvery messages, the sender refills.</summary>
    private sealed class Sender : Actor
    {
        private IActorRef? _receiver;
        private long _remaining;
        private int _ackEvery;

        protected override ValueTask OnReceiveAsync(object message)
        {
            if (message is Go go)
            {
                _receiver = go.Receiver;
                _remaining = go.Total;
                _ackEvery = go.AckEvery;
                Send(go.Window);
            }
            else if (message is Ack)
            {
                Send(_ackEvery);
            }

            return ValueTask.CompletedTask;
        }

        private void Send(int count)
        {
            var receiver = _receiver!;
            var self = Self;
            var n = (int)Math.Min(count, _remaining);
            for (var i = 0; i < n; i++)
            {
                receiver.Tell(Payload.Instance, self);
            }

            _remaining -= n;
        }
    }

    private sealed class Receiver(long total, int ackEvery, TaskCompletionSource done) : Actor
    {
        private long _received;

        protected override ValueTask OnReceiveAsync(object message)
        {
            _received++;
            if (_received % ackEvery == 0)
            {
                Sender!.Tell(Ack.Instance, Self);
            }

            if (_received == total)
            {
                done.SetResult();
            }

            return ValueTask.CompletedTask;
        }
    }

    public static async Task TwoActorsAsync()
    {
        foreach (var total in new long[] { 2_000_000, 20_000_000, 20_000_000, 20_000_000 })
        {
            await using var system = ActorSystem.Create("tell-bench");
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            const int ackEvery = 2_000;
            var receiver = system.ActorOf(Props.Create(() => new Receiver(total, ackEvery, done)));
            var sender = system.ActorOf(Props.Create(() => new Sender()));
            var clock = RuntimeBench.Start();
            sender.Tell(new Go(receiver, total, Window: 20_000, AckEvery: ackEvery));
            await done.Task;
            clock.Stop();
            if (total > 2_000_000)
            {
                RuntimeBench.Report("tell: two actors (sender -> receiver, window 20k)", total, "msg", clock.Elapsed);
            }
        }
    }

    private sealed class Counter(int expected, CountdownEvent finished) : Actor
    {
        private int _count;

        protected override ValueTask OnReceiveAsync(object message)
        {
            if (++_count == expected)
            {
                finished.Signal();
            }

            return ValueTask.CompletedTask;
        }
    }

    public static async Task TenThousandActorsAsync()
    {
        const int actors = 10_000;
        const int perActor = 1_000;
        for (var run = 0; run < 3; run++)
        {
            await using var system = ActorSystem.Create("tell-10k");
            using var finished = new CountdownEvent(actors);
            var refs = new IActorRef[actors];
            for (var i = 0; i < actors; i++)
            {
                refs[i] = system.ActorOf(Props.Create(() => new Counter(perActor, finished)));
            }

            var clock = RuntimeBench.Start();
            var producers = Environment.ProcessorCount;
            var tasks = new Task[producers];
            for (var p = 0; p < producers; p++)
            {
                var producer = p;
                tasks[p] = Task.Run(() =>
                {
                    // Each producer owns a slice of the actors and round-robins over it.
                    var from = producer * actors / producers;
                    var to = (producer + 1) * actors / producers;
                    for (var round = 0; round < perActor; round++)
                    {
                        for (var a = from; a < to; a++)
                        {
                            refs[a].Tell(Payload.Instance);
                        }
                    }
                });
            }

            await Task.WhenAll(tasks);
            await Task.Run(() => finished.Wait(TimeSpan.FromMinutes(2)));
            clock.Stop();
            if (run > 0)
            {
                RuntimeBench.Report($"tell: {actors:N0} actors x {perActor:N0} msgs ({producers} producer threads)", (long)actors * perActor, "msg", clock.Elapsed);
            }
        }
    }
}

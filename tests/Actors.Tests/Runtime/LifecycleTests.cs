using ActorStudio.Actors.Runtime;
using ActorStudio.TestSupport;
using ActorStudio.TestSupport.Actors;

namespace ActorStudio.Actors.Tests.Runtime;

public sealed class LifecycleTests
{
    private sealed record Tick(int N);

    private sealed class TimerActor(IActorRef probe, bool periodic) : Actor
    {
        private int _ticks;

        protected override ValueTask PreStartAsync()
        {
            if (periodic)
            {
                Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromSeconds(1));
            }
            else
            {
                Timers.StartSingleTimer("tick", "tick", TimeSpan.FromSeconds(1));
            }

            return ValueTask.CompletedTask;
        }

        protected override ValueTask OnReceiveAsync(object message)
        {
            switch (message)
            {
                case "tick":
                    probe.Tell(new Tick(++_ticks), Self);
                    break;
                case "cancel":
                    Timers.Cancel("tick");
                    probe.Tell("cancelled", Self);
                    break;
            }

            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task PeriodicTimersTickOnTheClockAndStopWithTheActor()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("timers", timeProvider: clock);
        var probe = new TestProbe();
        var actor = system.ActorOf(Props.Create(() => new TimerActor(probe, periodic: true)));
        await WaitUntil(() => clock.ActiveTimerCount == 1);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await probe.ExpectMsgAsync<Tick>()).N);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, (await probe.ExpectMsgAsync<Tick>()).N);
        Assert.Equal(3, (await probe.ExpectMsgAsync<Tick>()).N);

        system.Stop(actor);
        await system.WhenTerminated(actor);
        Assert.Equal(0, clock.ActiveTimerCount);
        clock.Advance(TimeSpan.FromSeconds(10));
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task SingleTimerFiresOnceAndACancelledTimerNeverDelivers()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("timers", timeProvider: clock);
        var probe = new TestProbe();
        system.ActorOf(Props.Create(() => new TimerActor(probe, periodic: false)));
        await WaitUntil(() => clock.ActiveTimerCount == 1);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, (await probe.ExpectMsgAsync<Tick>()).N);
        clock.Advance(TimeSpan.FromSeconds(5));
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));

        var cancelled = system.ActorOf(Props.Create(() => new TimerActor(probe, periodic: true)));
        await WaitUntil(() => clock.ActiveTimerCount == 1);
        cancelled.Tell("cancel");
        await probe.ExpectMsgAsync<string>(s => s == "cancelled");
        clock.Advance(TimeSpan.FromSeconds(5));
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    private sealed class WatcherActor(IActorRef target, IActorRef probe) : Actor
    {
        protected override ValueTask PreStartAsync()
        {
            Context.Watch(target);
            return ValueTask.CompletedTask;
        }

        protected override ValueTask OnReceiveAsync(object message)
        {
            switch (message)
            {
                case Terminated terminated:
                    probe.Tell(terminated, Self);
                    break;
                case "unwatch":
                    Context.Unwatch(target);
                    probe.Tell("unwatched", Self);
                    break;
            }

            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task DeathWatchDeliversTerminatedOnceEvenForAnActorAlreadyDeadAndNotAfterUnwatch()
    {
        await using var system = ActorSystem.Create("watch");
        var probe = new TestProbe();
        var target = system.ActorOf(Props.Create(() => new EchoActor()));
        system.ActorOf(Props.Create(() => new WatcherActor(target, probe)));
        // Make sure the watch is registered before stopping: a round trip through the watcher's mailbox.
        await Task.Delay(50);
        system.Stop(target);
        Assert.Same(target, (await probe.ExpectMsgAsync<Terminated>()).Actor);

        system.ActorOf(Props.Create(() => new WatcherActor(target, probe)));
        Assert.Same(target, (await probe.ExpectMsgAsync<Terminated>()).Actor);

        var second = system.ActorOf(Props.Create(() => new EchoActor()));
        var watcher = system.ActorOf(Props.Create(() => new WatcherActor(second, probe)));
        watcher.Tell("unwatch");
        await probe.ExpectMsgAsync<string>(s => s == "unwatched");
        system.Stop(second);
        await system.WhenTerminated(second);
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(150));
    }

    private sealed class ParentActor(IActorRef probe) : Actor
    {
        protected override ValueTask PreStartAsync()
        {
            var child = Context.ActorOf(Props.Create(() => new EchoActor()), "child");
            probe.Tell(("parent-started", child), Self);
            return ValueTask.CompletedTask;
        }

        protected override ValueTask OnReceiveAsync(object message)
        {
            Context.Child("child")?.Tell(message, Sender);
            return ValueTask.CompletedTask;
        }

        public static Props PropsFor(IActorRef probe, SupervisorStrategy strategy) =>
            Props.Create(() => new ParentActor(probe)).WithSupervisorStrategy(strategy);
    }

    [Fact]
    public async Task AChildFailingTooOftenEscalatesAndTheParentRestartsWithAFreshChild()
    {
        await using var system = ActorSystem.Create("escalation");
        var probe = new TestProbe();
        var strategy = SupervisorStrategy.Default with { MaxRestarts = 2, MinBackoff = TimeSpan.Zero };
        var parent = system.ActorOf(ParentActor.PropsFor(probe, strategy));
        var (_, firstChild) = await probe.ExpectMsgAsync<(string, IActorRef)>();

        parent.Tell("boom"); // restart 1
        parent.Tell("boom"); // restart 2
        Assert.Equal("alive", await parent.Ask<string>("alive", TimeSpan.FromSeconds(5)));
        Assert.False(((ActorCell)firstChild).IsTerminated); // restarted in place, same ref

        parent.Tell("boom"); // third failure within the window: escalate to the parent, which restarts
        var (_, secondChild) = await probe.ExpectMsgAsync<(string, IActorRef)>();
        Assert.NotSame(firstChild, secondChild);
        await system.WhenTerminated(firstChild);
        Assert.Equal("again", await parent.Ask<string>("again", TimeSpan.FromSeconds(5)));
    }

    private sealed class FlakyActor(IActorRef probe) : Actor
    {
        protected override ValueTask PreStartAsync()
        {
            probe.Tell("started", Self);
            return ValueTask.CompletedTask;
        }

        protected override ValueTask OnReceiveAsync(object message)
        {
            if (message is "fail")
            {
                throw new InvalidOperationException("flaky");
            }

            probe.Tell(message, Self);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task RestartWaitsForTheBackoffOnTheSystemClockAndDropsOnlyTheFailingMessage()
    {
        var clock = new ManualTimeProvider();
        var settings = new ActorSystemSettings
        {
            DefaultSupervisorStrategy = SupervisorStrategy.Default with { MinBackoff = TimeSpan.FromSeconds(2) },
        };
        await using var system = ActorSystem.Create("backoff", settings, timeProvider: clock);
        var probe = new TestProbe();
        var actor = system.ActorOf(Props.Create(() => new FlakyActor(probe)));
        await probe.ExpectMsgAsync<string>(s => s == "started");
        actor.Tell("before");
        actor.Tell("fail");
        actor.Tell("after");
        await probe.ExpectMsgAsync<string>(s => s == "before");
        await WaitUntil(() => clock.ActiveTimerCount == 1); // the back-off delay
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        clock.Advance(TimeSpan.FromSeconds(2));
        await probe.ExpectMsgAsync<string>(s => s == "started");
        await probe.ExpectMsgAsync<string>(s => s == "after");
    }

    [Fact]
    public async Task StoppingAParentStopsItsChildrenFirst()
    {
        await using var system = ActorSystem.Create("stop");
        var probe = new TestProbe();
        var parent = system.ActorOf(ParentActor.PropsFor(probe, SupervisorStrategy.Default));
        var (_, child) = await probe.ExpectMsgAsync<(string, IActorRef)>();
        system.Stop(parent);
        await system.WhenTerminated(parent);
        Assert.True(system.WhenTerminated(child).IsCompleted);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Condition not met within 5 s.");
            }

            await Task.Delay(5);
        }
    }
}

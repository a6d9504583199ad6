using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Runtime.Sharding;
using ActorStudio.TestSupport;
using ActorStudio.TestSupport.Actors;

namespace ActorStudio.Actors.Tests.Runtime;

public sealed class ShardRegionTests
{
    private sealed record Numbered(int N);

    /// <summary>Reports every message with its incarnation; passivates itself on request, slowly.</summary>
    private sealed class EntityActor(string id, int incarnation, IActorRef probe, Task? holdWhilePassivating = null) : Actor
    {
        protected override async ValueTask OnReceiveAsync(object message)
        {
            switch (message)
            {
                case "passivate-me":
                    Context.Parent.Tell(Passivate.Instance, Self);
                    probe.Tell("passivating", Self);
                    // Stay busy so that messages pile up at the region while we go away.
                    if (holdWhilePassivating is not null)
                    {
                        await holdWhilePassivating;
                    }

                    break;
                case Numbered numbered:
                    probe.Tell((id, incarnation, numbered.N), Self);
                    break;
            }
        }
    }

    private static Func<EntityStart, Props> EntityProps(IActorRef probe, Dictionary<string, int> incarnations, Task? hold = null) => start =>
    {
        int incarnation;
        lock (incarnations)
        {
            incarnations[start.EntityId] = incarnation = incarnations.GetValueOrDefault(start.EntityId) + 1;
        }

        return Props.Create(() => new EntityActor(start.EntityId, incarnation, probe, hold));
    };

    [Fact]
    public async Task OneEntityPerIdIsActivatedOnDemandAndListedAsLive()
    {
        await using var system = ActorSystem.Create("sharding");
        var probe = new TestProbe();
        var incarnations = new Dictionary<string, int>();
        var region = ShardRegion.Start(system, "room", EntityProps(probe, incarnations));
        region.Tell("a", new Numbered(1));
        region.Tell("b/with slash", new Numbered(2));
        region.Tell("a", new Numbered(3));
        var got = await probe.ReceiveNAsync(3);
        Assert.Contains(("a", 1, 1), got.Cast<(string, int, int)>());
        Assert.Contains(("b/with slash", 1, 2), got.Cast<(string, int, int)>());
        Assert.Contains(("a", 1, 3), got.Cast<(string, int, int)>());
        var live = await region.GetLiveEntityIdsAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["a", "b/with slash"], live.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MessagesArrivingDuringPassivationAreDeliveredToTheNextIncarnationInOrder()
    {
        await using var system = ActorSystem.Create("passivation");
        var probe = new TestProbe();
        var incarnations = new Dictionary<string, int>();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var region = ShardRegion.Start(system, "room", EntityProps(probe, incarnations, hold.Task));
        for (var i = 1; i <= 5; i++)
        {
            region.Tell("s", new Numbered(i));
        }

        region.Tell("s", "passivate-me");
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(("s", 1, i), await probe.ExpectMsgAsync<(string, int, int)>());
        }

        await probe.ExpectMsgAsync<string>(m => m == "passivating");
        // The entity's Passivate is ahead of this ask in the region's mailbox: once answered, the region is passivating.
        Assert.Empty(await region.GetLiveEntityIdsAsync(TimeSpan.FromSeconds(5)));
        for (var i = 6; i <= 205; i++)
        {
            region.Tell("s", new Numbered(i));
        }

        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
        hold.SetResult();
        for (var i = 6; i <= 205; i++)
        {
            Assert.Equal(("s", 2, i), await probe.ExpectMsgAsync<(string, int, int)>());
        }

        Assert.Equal(["s"], await region.GetLiveEntityIdsAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task IdleEntitiesArePassivatedOnTheClock()
    {
        var clock = new ManualTimeProvider();
        await using var system = ActorSystem.Create("idle", timeProvider: clock);
        var probe = new TestProbe();
        var incarnations = new Dictionary<string, int>();
        var region = ShardRegion.Start(system, "room", EntityProps(probe, incarnations),
            settings: new ShardRegionSettings { PassivationIdleTimeout = TimeSpan.FromMinutes(1), IdleCheckInterval = TimeSpan.FromSeconds(10) });
        region.Tell("quiet", new Numbered(1));
        region.Tell("busy", new Numbered(1));
        await probe.ReceiveNAsync(2);

        for (var step = 0; step < 7; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            region.Tell("busy", new Numbered(step + 2));
            await probe.ExpectMsgAsync<(string, int, int)>();
        }

        var deadline = DateTime.UtcNow.AddSeconds(5);
        IReadOnlyList<string> live;
        while ((live = await region.GetLiveEntityIdsAsync(TimeSpan.FromSeconds(5))).Count != 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(["busy"], live);
        region.Tell("quiet", new Numbered(99));
        Assert.Equal(("quiet", 2, 99), await probe.ExpectMsgAsync<(string, int, int)>());
    }

    private sealed class RemotePlacement : IShardPlacement
    {
        public ValueTask<PlacementDecision> PlaceAsync(string entityId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(entityId.StartsWith("far", StringComparison.Ordinal)
                ? PlacementDecision.Remote("node-2", "ws://node-2/ws")
                : PlacementDecision.Local(7));

        public ValueTask ReleaseAsync(string entityId, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task EntitiesOwnedElsewhereAreRedirectedAndLocalOnesGetThePlacementEpoch()
    {
        await using var system = ActorSystem.Create("placement");
        var probe = new TestProbe();
        long seenEpoch = -1;
        var region = ShardRegion.Start(system, "room", start =>
        {
            seenEpoch = start.WriterEpoch;
            return Props.Create(() => new EntityActor(start.EntityId, 1, probe));
        }, new RemotePlacement());
        var redirect = await region.Ask<ShardRedirect>("far-away", new Numbered(1), TimeSpan.FromSeconds(5));
        Assert.Equal(new ShardRedirect("far-away", "node-2", "ws://node-2/ws"), redirect);
        region.Tell("near", new Numbered(2));
        await probe.ExpectMsgAsync<(string, int, int)>();
        Assert.Equal(7, seenEpoch);
    }
}

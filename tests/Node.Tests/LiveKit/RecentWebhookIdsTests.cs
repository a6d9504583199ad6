using ActorStudio.Node.LiveKit;

namespace ActorStudio.Node.Tests.LiveKit;

public sealed class RecentWebhookIdsTests
{
    [Fact]
    public void SecondClaimOfAnIdIsADuplicate()
    {
        var ids = new RecentWebhookIds(8);

        Assert.True(ids.TryClaim("EV_1"));
        Assert.False(ids.TryClaim("EV_1"));
        Assert.True(ids.TryClaim("EV_2"));
    }

    [Fact]
    public void MemoryIsBoundedAndForgetsTheOldestFirst()
    {
        var ids = new RecentWebhookIds(3);
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            Assert.True(ids.TryClaim(id));
        }

        Assert.Equal(3, ids.Count);
        Assert.True(ids.TryClaim("a"));
        Assert.False(ids.TryClaim("d"));
    }

    [Fact]
    public void ReleasedClaimCanBeClaimedAgainAndDoesNotDisturbEviction()
    {
        var ids = new RecentWebhookIds(2);
        Assert.True(ids.TryClaim("a"));
        ids.Release("a");
        Assert.Equal(0, ids.Count);
        Assert.True(ids.TryClaim("a"));
        Assert.True(ids.TryClaim("b"));
        Assert.True(ids.TryClaim("c"));

        Assert.Equal(2, ids.Count);
        Assert.False(ids.TryClaim("b"));
        Assert.False(ids.TryClaim("c"));
        Assert.True(ids.TryClaim("a"));
    }
}

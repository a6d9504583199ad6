using ActorStudio.LoadTester.Metrics;

namespace ActorStudio.LoadTester.Tests;

public sealed class ReceivedSetTests
{
    [Fact]
    public void CountsFirstReceiptsAndDuplicatesExactly()
    {
        var set = new ReceivedSet();
        Assert.True(set.Mark(0));
        Assert.True(set.Mark(63));
        Assert.True(set.Mark(64));
        Assert.False(set.Mark(63));
        Assert.True(set.Mark(100_000));
        Assert.False(set.Mark(100_000));
        Assert.Equal(4, set.Distinct);
        Assert.Equal(2, set.Duplicates);
        Assert.True(set.Contains(64));
        Assert.False(set.Contains(65));
        Assert.False(set.Contains(5_000_000));
    }

    [Fact]
    public void NegativeIdsAreNeverMarked()
    {
        var set = new ReceivedSet();
        Assert.False(set.Mark(-1));
        Assert.Equal(0, set.Distinct);
    }
}

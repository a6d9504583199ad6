using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Protocol.Frames;

namespace ActorStudio.Actors.Tests.Sessions;

/// <summary>The resume ring grows from a few slots to its capacity without losing or reordering events.</summary>
public sealed class RecentEventRingTests
{
    [Theory]
    [InlineData(100)]
    [InlineData(4096)]
    [InlineData(5000)]
    public void Every_event_still_covered_comes_back_once_in_seq_order(int events)
    {
        var ring = new RecentEventRing(4096);
        for (var seq = 1L; seq <= events; seq++)
        {
            ring.Add(seq, Audience.Everyone, WireFrame.Create(BitConverter.GetBytes(seq)));
        }

        var first = Math.Max(1, events - 4096 + 1);
        Assert.True(ring.Covers(first - 1));
        Assert.Equal(events > 4096, !ring.Covers(first - 2) && first - 2 >= 0);

        var collected = new List<WireFrame>();
        ring.CollectAfter(first - 1, _ => true, collected);
        Assert.Equal(Enumerable.Range(first, events - first + 1).Select(i => (long)i), collected.Select(b => BitConverter.ToInt64(b.Payload.Span)));
    }
}

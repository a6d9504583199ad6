using ActorStudio.Actors.Sessions;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Frames;
using ActorStudio.TestSupport;

namespace ActorStudio.Actors.Tests.Sessions;

/// <summary>The outbound queue's slow-consumer rules: a stalled socket is closed by time, a busy one is not.</summary>
public sealed class SessionConnectionTests
{
    private static readonly WireFrame Frame = WireFrame.Create([0x91, 0x01]);

    [Fact]
    public void A_socket_that_takes_nothing_while_frames_wait_is_closed_as_a_slow_consumer_after_the_stall_limit()
    {
        var clock = new ManualTimeProvider();
        var settings = new SessionSettings { SlowConsumerStall = TimeSpan.FromSeconds(10) };
        var connection = new SessionConnection("c1", "s1", "p1", ParticipantRole.Viewer, settings, clock);

        Assert.True(connection.Enqueue(Frame)); // the transport is stuck on this one
        Assert.True(connection.Enqueue(Frame)); // queued behind it: the stall starts now
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.True(connection.Enqueue(Frame));
        Assert.False(connection.IsClosed);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(connection.Enqueue(Frame));
        Assert.True(connection.IsClosed);
        Assert.Equal(CloseCodes.SlowConsumer, connection.CloseRequest!.Code);
        Assert.Contains("slow consumer", connection.CloseRequest.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_with_a_backlog_that_keeps_taking_frames_is_never_closed_by_the_stall_rule()
    {
        var clock = new ManualTimeProvider();
        var settings = new SessionSettings { SlowConsumerStall = TimeSpan.FromSeconds(10) };
        var connection = new SessionConnection("c1", "s1", "p1", ParticipantRole.Viewer, settings, clock);

        Assert.True(connection.Enqueue(Frame));
        for (var second = 0; second < 60; second++)
        {
            Assert.True(connection.Enqueue(Frame));
            Assert.True(connection.Enqueue(Frame));
            clock.Advance(TimeSpan.FromSeconds(5));
            Assert.True(connection.TryDequeue(out _)); // progress: one frame taken every 5 s, the queue never empties
        }

        Assert.False(connection.IsClosed);
        Assert.True(connection.QueuedFrames > 0);
    }
}

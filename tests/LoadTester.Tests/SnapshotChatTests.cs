using ActorStudio.LoadTester.Cli;
using ActorStudio.LoadTester.Metrics;
using ActorStudio.LoadTester.Scenario;

namespace ActorStudio.LoadTester.Tests;

/// <summary>
/// A resume the server answers with a snapshot (after a failover the new owner may not hold the missed events) lists
/// recent chat again as state: what the participant already had there is not a second delivery, what it lacked is.
/// </summary>
public sealed class SnapshotChatTests
{
    [Fact]
    public void ChatAlreadyReceivedIsARepeatInASnapshotButADuplicateOnTheStream()
    {
        var counters = new RunCounters();
        var participant = new SimulatedParticipant(0, 0, 1, ParticipantRole.Viewer, isSlow: false, counters, new LatencyTimeline(10), new RunClock(), (_, _) => { }, _ => { });

        participant.OnChat(Stamp(message: 1), inSnapshot: false);
        participant.OnChat(Stamp(message: 1), inSnapshot: true);
        Assert.Equal(1, counters.Received);
        Assert.Equal(0, counters.Duplicated);
        Assert.Equal(1, counters.SnapshotRepeats);

        // Missed while away and found in the snapshot: delivered (once).
        participant.OnChat(Stamp(message: 2), inSnapshot: true);
        Assert.Equal(2, counters.Received);
        Assert.Equal(1, counters.SnapshotRepeats);

        // The same event twice on the stream is a duplicate, as before.
        participant.OnChat(Stamp(message: 2), inSnapshot: false);
        Assert.Equal(1, counters.Duplicated);
        Assert.Equal(2, participant.Received.Distinct);
    }

    private static byte[] Stamp(long message)
    {
        var text = new byte[64];
        ChatStamp.Write(text, session: 0, message, RunClock.Now);
        return text;
    }
}

using ActorStudio.Actors.Media;

namespace ActorStudio.Actors.Tests.Media;

/// <summary>Every transition of the recording state machine, accepted and refused.</summary>
public sealed class RecordingStateMachineTests
{
    private static readonly RecordingState Starting = new(RecordingPhase.Starting, null, null, null);
    private static readonly RecordingState StartingWithId = new(RecordingPhase.Starting, "EG_1", null, null);
    private static readonly RecordingState Active = new(RecordingPhase.Active, "EG_1", null, null);
    private static readonly RecordingState Stopping = new(RecordingPhase.Stopping, "EG_1", null, null);
    private static readonly RecordingState Complete = new(RecordingPhase.Complete, "EG_1", "recordings/s/d/t.mp4", null);
    private static readonly RecordingState Failed = new(RecordingPhase.Failed, "EG_1", null, "boom");

    public static TheoryData<string> StartableStates => new() { "idle", "complete", "failed" };

    [Theory]
    [MemberData(nameof(StartableStates))]
    public void StartIsAcceptedWhenNothingIsRecording(string name)
    {
        var transition = RecordingStateMachine.RequestStart(ByName(name));

        Assert.True(transition.IsAccepted);
        Assert.True(transition.Changed);
        Assert.Equal(new RecordingState(RecordingPhase.Starting, null, null, null), transition.State);
    }

    [Theory]
    [InlineData("starting")]
    [InlineData("active")]
    [InlineData("stopping")]
    public void StartIsRefusedWhileRecording(string name)
    {
        var current = ByName(name);
        var transition = RecordingStateMachine.RequestStart(current);

        Assert.False(transition.IsAccepted);
        Assert.False(transition.Changed);
        Assert.Same(current, transition.State);
        Assert.Contains("already", transition.RefusalReason, StringComparison.Ordinal);
    }

    [Fact]
    public void StartAcceptedRecordsTheEgressIdAndAppliesItsStatus()
    {
        var starting = RecordingStateMachine.StartAccepted(Starting, "EG_1", RecordingEgressStatus.Starting);
        var alreadyActive = RecordingStateMachine.StartAccepted(Starting, "EG_1", RecordingEgressStatus.Active);

        Assert.Equal(StartingWithId, starting.State);
        Assert.Equal(Active, alreadyActive.State);
    }

    [Fact]
    public void StartAcceptedAfterTheWebhookAlreadyNamedTheSameJobKeepsIt()
    {
        var transition = RecordingStateMachine.StartAccepted(Active with { Phase = RecordingPhase.Starting }, "EG_1", RecordingEgressStatus.Starting);

        Assert.True(transition.IsAccepted);
        Assert.Equal(StartingWithId, transition.State);
    }

    [Fact]
    public void StartAcceptedIsRefusedForAnotherJobOrOutsideStarting()
    {
        Assert.False(RecordingStateMachine.StartAccepted(StartingWithId, "EG_other", RecordingEgressStatus.Starting).IsAccepted);
        Assert.False(RecordingStateMachine.StartAccepted(RecordingState.Idle, "EG_1", RecordingEgressStatus.Starting).IsAccepted);
        Assert.False(RecordingStateMachine.StartAccepted(Active, "EG_1", RecordingEgressStatus.Active).IsAccepted);
    }

    [Fact]
    public void StartFailedMovesStartingToFailedOnly()
    {
        var failed = RecordingStateMachine.StartFailed(Starting, "no workers");

        Assert.Equal(new RecordingState(RecordingPhase.Failed, null, null, "no workers"), failed.State);
        Assert.False(RecordingStateMachine.StartFailed(Active, "x").IsAccepted);
        Assert.False(RecordingStateMachine.StartFailed(RecordingState.Idle, "x").IsAccepted);
    }

    [Fact]
    public void StopIsAcceptedForAKnownStartingOrActiveJob()
    {
        Assert.Equal(Stopping, RecordingStateMachine.RequestStop(Active).State);
        Assert.Equal(Stopping, RecordingStateMachine.RequestStop(StartingWithId).State);
    }

    [Theory]
    [InlineData("starting", "being set up")]
    [InlineData("stopping", "already stopping")]
    [InlineData("idle", "nothing is recording")]
    [InlineData("complete", "nothing is recording")]
    [InlineData("failed", "nothing is recording")]
    public void StopIsRefusedOtherwise(string name, string reason)
    {
        var transition = RecordingStateMachine.RequestStop(ByName(name));

        Assert.False(transition.IsAccepted);
        Assert.Contains(reason, transition.RefusalReason, StringComparison.Ordinal);
    }

    [Fact]
    public void StopFailedReturnsToActiveWithTheError()
    {
        var transition = RecordingStateMachine.StopFailed(Stopping, "unavailable");

        Assert.Equal(Active with { Error = "unavailable" }, transition.State);
        Assert.False(RecordingStateMachine.StopFailed(Active, "x").IsAccepted);
    }

    [Theory]
    [InlineData("starting-id", RecordingEgressStatus.Starting, RecordingPhase.Starting, false)]
    [InlineData("starting-id", RecordingEgressStatus.Active, RecordingPhase.Active, true)]
    [InlineData("starting-id", RecordingEgressStatus.Ending, RecordingPhase.Stopping, true)]
    [InlineData("starting-id", RecordingEgressStatus.Complete, RecordingPhase.Complete, true)]
    [InlineData("starting-id", RecordingEgressStatus.Failed, RecordingPhase.Failed, true)]
    [InlineData("active", RecordingEgressStatus.Active, RecordingPhase.Active, false)]
    [InlineData("active", RecordingEgressStatus.Ending, RecordingPhase.Stopping, true)]
    [InlineData("active", RecordingEgressStatus.Complete, RecordingPhase.Complete, true)]
    [InlineData("active", RecordingEgressStatus.Failed, RecordingPhase.Failed, true)]
    [InlineData("active", RecordingEgressStatus.Aborted, RecordingPhase.Failed, true)]
    [InlineData("active", RecordingEgressStatus.LimitReached, RecordingPhase.Complete, true)]
    [InlineData("stopping", RecordingEgressStatus.Ending, RecordingPhase.Stopping, false)]
    [InlineData("stopping", RecordingEgressStatus.Complete, RecordingPhase.Complete, true)]
    [InlineData("stopping", RecordingEgressStatus.Failed, RecordingPhase.Failed, true)]
    public void EgressUpdatesMoveTheRecordingForward(string from, RecordingEgressStatus status, RecordingPhase expected, bool changed)
    {
        var transition = RecordingStateMachine.ApplyEgressUpdate(ByName(from), "EG_1", status, "recordings/s/d/t.mp4", null);

        Assert.True(transition.IsAccepted, transition.RefusalReason);
        Assert.Equal(expected, transition.State.Phase);
        Assert.Equal(changed, transition.Changed);
        Assert.Equal("EG_1", transition.State.EgressId);
    }

    [Theory]
    [InlineData("stopping", RecordingEgressStatus.Active, "stale")]
    [InlineData("stopping", RecordingEgressStatus.Starting, "stale")]
    [InlineData("active", RecordingEgressStatus.Starting, "stale")]
    [InlineData("complete", RecordingEgressStatus.Active, "already completed")]
    [InlineData("complete", RecordingEgressStatus.Complete, "already completed")]
    [InlineData("failed", RecordingEgressStatus.Complete, "already failed")]
    [InlineData("idle", RecordingEgressStatus.Active, "nothing is recording")]
    public void StaleLateAndUnknownUpdatesAreRefused(string from, RecordingEgressStatus status, string reason)
    {
        var current = ByName(from);
        var transition = RecordingStateMachine.ApplyEgressUpdate(current, "EG_1", status, null, null);

        Assert.False(transition.IsAccepted);
        Assert.Same(current, transition.State);
        Assert.Contains(reason, transition.RefusalReason, StringComparison.Ordinal);
    }

    [Fact]
    public void UpdatesForAnotherJobAreRefused()
    {
        var transition = RecordingStateMachine.ApplyEgressUpdate(Active, "EG_other", RecordingEgressStatus.Complete, null, null);

        Assert.False(transition.IsAccepted);
        Assert.Contains("EG_other", transition.RefusalReason, StringComparison.Ordinal);
    }

    [Fact]
    public void WebhookBeforeTheStartCallReturnsAdoptsTheJobOnlyWhileItComesUp()
    {
        var adopted = RecordingStateMachine.ApplyEgressUpdate(Starting, "EG_5", RecordingEgressStatus.Active, null, null);
        var refused = RecordingStateMachine.ApplyEgressUpdate(Starting, "EG_5", RecordingEgressStatus.Complete, null, null);

        Assert.Equal(new RecordingState(RecordingPhase.Active, "EG_5", null, null), adopted.State);
        Assert.False(refused.IsAccepted);
        Assert.Same(Starting, refused.State);
    }

    [Fact]
    public void CompletionKeepsTheFileAndFailureKeepsTheReason()
    {
        var complete = RecordingStateMachine.ApplyEgressUpdate(Stopping, "EG_1", RecordingEgressStatus.Complete, "recordings/s/d/t.mp4", null);
        var limit = RecordingStateMachine.ApplyEgressUpdate(Active, "EG_1", RecordingEgressStatus.LimitReached, "recordings/s/d/t.mp4", null);
        var failed = RecordingStateMachine.ApplyEgressUpdate(Active, "EG_1", RecordingEgressStatus.Failed, null, "upload denied");
        var aborted = RecordingStateMachine.ApplyEgressUpdate(Active, "EG_1", RecordingEgressStatus.Aborted, null, null);

        Assert.Equal("recordings/s/d/t.mp4", complete.State.Location);
        Assert.Null(complete.State.Error);
        Assert.Equal("recording limit reached", limit.State.Error);
        Assert.Equal("recordings/s/d/t.mp4", limit.State.Location);
        Assert.Equal("upload denied", failed.State.Error);
        Assert.Equal("recording aborted", aborted.State.Error);
    }

    [Theory]
    [InlineData("EGRESS_STARTING", RecordingEgressStatus.Starting)]
    [InlineData("EGRESS_ACTIVE", RecordingEgressStatus.Active)]
    [InlineData("EGRESS_ENDING", RecordingEgressStatus.Ending)]
    [InlineData("EGRESS_COMPLETE", RecordingEgressStatus.Complete)]
    [InlineData("EGRESS_FAILED", RecordingEgressStatus.Failed)]
    [InlineData("EGRESS_ABORTED", RecordingEgressStatus.Aborted)]
    [InlineData("EGRESS_LIMIT_REACHED", RecordingEgressStatus.LimitReached)]
    public void StatusNamesRoundTrip(string name, RecordingEgressStatus status)
    {
        Assert.True(RecordingStatus.TryParse(name, out var parsed));
        Assert.Equal(status, parsed);
        Assert.Equal(name, RecordingStatus.ToName(status));
    }

    [Fact]
    public void UnknownStatusNameIsNotParsed()
    {
        Assert.False(RecordingStatus.TryParse("EGRESS_SOMETHING_NEW", out _));
        Assert.False(RecordingStatus.TryParse(null, out _));
    }

    private static RecordingState ByName(string name) => name switch
    {
        "idle" => RecordingState.Idle,
        "starting" => Starting,
        "starting-id" => StartingWithId,
        "active" => Active,
        "stopping" => Stopping,
        "complete" => Complete,
        "failed" => Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}

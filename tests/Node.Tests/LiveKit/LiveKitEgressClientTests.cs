using System.Text.Json;
using ActorStudio.Actors.Media;
using ActorStudio.Actors.Ports;
using ActorStudio.Node.LiveKit;

namespace ActorStudio.Node.Tests.LiveKit;

/// <summary>Recording through the Egress API of the Twirp stand-in, driving the recording state machine.</summary>
public sealed class LiveKitEgressClientTests
{
    private const string Start = "livekit.Egress/StartRoomCompositeEgress";
    private const string Stop = "livekit.Egress/StopEgress";
    private const string List = "livekit.Egress/ListEgress";

    private static readonly DateTimeOffset StartedAt = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public async Task StartStopAndListSendTheDocumentedBodiesWithOnlyRoomRecord()
    {
        await using var standIn = await TwirpStandIn.StartAsync();
        standIn.On(Start, TwirpStandIn.Reply.Ok(EgressJson("EG_1", "EGRESS_STARTING")));
        standIn.On(Stop, TwirpStandIn.Reply.Ok(EgressJson("EG_1", "EGRESS_ENDING")));
        standIn.On(List, TwirpStandIn.Reply.Ok($$"""{"items":[{{EgressJson("EG_1", "EGRESS_COMPLETE", "recordings/s-1/2025-03-04/050607.mp4")}}],"next_page_token":null}"""));
        using var lk = LiveKitTestRooms.Create(RecordingOptions(standIn), new ManualTimeProvider(StartedAt));

        var started = await lk.Media.StartRecordingAsync("s-1", CancellationToken.None);
        var stopped = await lk.Media.StopRecordingAsync(started.EgressId, CancellationToken.None);
        var listed = await lk.Media.ListRecordingsAsync("s-1", activeOnly: false, CancellationToken.None);

        Assert.Equal(new RecordingInfo("EG_1", "EGRESS_STARTING", "recordings/s-1/2025-03-04/050607.mp4", null), started);
        Assert.Equal("EGRESS_ENDING", stopped.Status);
        Assert.Equal(new RecordingInfo("EG_1", "EGRESS_COMPLETE", "recordings/s-1/2025-03-04/050607.mp4", null), Assert.Single(listed));

        var calls = standIn.Calls;
        Assert.Equal([Start, Stop, List], calls.Select(c => c.Method));
        Assert.All(calls, c => Assert.Null(c.Refusal));
        AssertBody(calls[0].Body, """
            {"room_name":"studio-s-1","layout":"speaker","preset":"H264_720P_30",
             "file_outputs":[{"file_type":"MP4","filepath":"recordings/s-1/2025-03-04/050607.mp4",
               "s3":{"access_key":"AKIDTEST","secret":"s3-secret-test","region":"auto","endpoint":"https://acct.r2.cloudflarestorage.com",
                     "bucket":"studio-recordings","force_path_style":true}}]}
            """);
        AssertBody(calls[1].Body, """{"egress_id":"EG_1"}""");
        AssertBody(calls[2].Body, """{"room_name":"studio-s-1"}""");

        var verified = await LiveKitNodeChecks.VerifyAsync(LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret, calls.Select(c => c.BearerToken!).ToArray());
        Assert.All(verified, v =>
        {
            Assert.True(v.Ok, v.Error);
            Assert.Equal("""{"roomRecord":true}""", v.Claims.GetProperty("video").GetRawText());
        });
    }

    [Fact]
    public async Task ActiveOnlyListingAsksForActiveJobsAndReadsNumericStatuses()
    {
        await using var standIn = await TwirpStandIn.StartAsync();
        // protobuf-JSON may carry enums as numbers: 1 = EGRESS_ACTIVE.
        standIn.On(List, TwirpStandIn.Reply.Ok("""{"items":[{"egress_id":"EG_2","room_name":"studio-s-1","status":1,"started_at":"1763772000000000000","file_results":[]}]}"""));
        using var lk = LiveKitTestRooms.Create(RecordingOptions(standIn));

        var items = await lk.Egress.ListEgressAsync("studio-s-1", null, activeOnly: true, CancellationToken.None);

        var item = Assert.Single(items);
        Assert.Equal("EGRESS_ACTIVE", item.Status);
        Assert.Equal(1763772000000000000, item.StartedAt);
        AssertBody(Assert.Single(standIn.Calls).Body, """{"room_name":"studio-s-1","active":true}""");
    }

    [Fact]
    public async Task RecordingRunsThroughEveryPhaseToComplete()
    {
        await using var standIn = await TwirpStandIn.StartAsync();
        var listed = "EGRESS_ACTIVE";
        standIn.On(Start, TwirpStandIn.Reply.Ok(EgressJson("EG_9", "EGRESS_STARTING")));
        standIn.On(Stop, TwirpStandIn.Reply.Ok(EgressJson("EG_9", "EGRESS_ENDING")));
        standIn.On(List, _ => TwirpStandIn.Reply.Ok($$"""{"items":[{{EgressJson("EG_9", listed, listed == "EGRESS_COMPLETE" ? "recordings/s-1/2025-03-04/050607.mp4" : null)}}]}"""));
        using var lk = LiveKitTestRooms.Create(RecordingOptions(standIn), new ManualTimeProvider(StartedAt));

        var state = RecordingState.Idle;
        state = Accept(RecordingStateMachine.RequestStart(state), RecordingPhase.Starting);
        var started = await lk.Media.StartRecordingAsync("s-1", CancellationToken.None);
        state = Accept(RecordingStateMachine.StartAccepted(state, started.EgressId, Parse(started.Status)), RecordingPhase.Starting);
        state = Accept(await ReconcileAsync(lk, state), RecordingPhase.Active);
        state = Accept(RecordingStateMachine.RequestStop(state), RecordingPhase.Stopping);
        var stopped = await lk.Media.StopRecordingAsync(state.EgressId!, CancellationToken.None);
        state = Accept(RecordingStateMachine.ApplyEgressUpdate(state, stopped.EgressId, Parse(stopped.Status), stopped.Location, stopped.Error), RecordingPhase.Stopping);
        listed = "EGRESS_COMPLETE";
        state = Accept(await ReconcileAsync(lk, state), RecordingPhase.Complete);

        Assert.Equal("EG_9", state.EgressId);
        Assert.Equal("recordings/s-1/2025-03-04/050607.mp4", state.Location);
        Assert.Null(state.Error);
        Assert.False(RecordingStateMachine.RequestStop(state).IsAccepted);
    }

    [Fact]
    public async Task StartFailureEndsInFailedAndANewRecordingMayStart()
    {
        await using var standIn = await TwirpStandIn.StartAsync();
        standIn.On(Start, TwirpStandIn.Reply.Error(500, "internal", "no egress workers available"));
        using var lk = LiveKitTestRooms.Create(RecordingOptions(standIn));

        var state = Accept(RecordingStateMachine.RequestStart(RecordingState.Idle), RecordingPhase.Starting);
        var error = await Assert.ThrowsAsync<LiveKitApiException>(() => lk.Media.StartRecordingAsync("s-1", CancellationToken.None));
        state = Accept(RecordingStateMachine.StartFailed(state, error.TwirpMessage), RecordingPhase.Failed);

        Assert.Equal("no egress workers available", state.Error);
        Assert.True(RecordingStateMachine.RequestStart(state).IsAccepted);
    }

    [Fact]
    public async Task EgressFailureReportedByTheServerEndsInFailed()
    {
        await using var standIn = await TwirpStandIn.StartAsync();
        standIn.On(Start, TwirpStandIn.Reply.Ok(EgressJson("EG_3", "EGRESS_ACTIVE")));
        // 4 = EGRESS_FAILED, sent as a number with an error text.
        standIn.On(List, TwirpStandIn.Reply.Ok("""{"items":[{"egress_id":"EG_3","room_name":"studio-s-1","status":4,"error":"S3 upload failed: access denied","error_code":403,"file_results":[]}]}"""));
        using var lk = LiveKitTestRooms.Create(RecordingOptions(standIn));

        var state = Accept(RecordingStateMachine.RequestStart(RecordingState.Idle), RecordingPhase.Starting);
        var started = await lk.Media.StartRecordingAsync("s-1", CancellationToken.None);
        state = Accept(RecordingStateMachine.StartAccepted(state, started.EgressId, Parse(started.Status)), RecordingPhase.Active);
        state = Accept(await ReconcileAsync(lk, state), RecordingPhase.Failed);

        Assert.Equal("S3 upload failed: access denied", state.Error);
    }

    [Fact]
    public async Task StopFailureKeepsTheRecordingActive()
    {
        await using var standIn = await TwirpStandIn.StartAsync();
        standIn.On(Start, TwirpStandIn.Reply.Ok(EgressJson("EG_4", "EGRESS_ACTIVE")));
        standIn.On(Stop, TwirpStandIn.Reply.Error(503, "unavailable", "egress service unavailable"));
        using var lk = LiveKitTestRooms.Create(RecordingOptions(standIn));

        var state = Accept(RecordingStateMachine.RequestStart(RecordingState.Idle), RecordingPhase.Starting);
        var started = await lk.Media.StartRecordingAsync("s-1", CancellationToken.None);
        state = Accept(RecordingStateMachine.StartAccepted(state, started.EgressId, Parse(started.Status)), RecordingPhase.Active);
        state = Accept(RecordingStateMachine.RequestStop(state), RecordingPhase.Stopping);
        var error = await Assert.ThrowsAsync<LiveKitApiException>(() => lk.Media.StopRecordingAsync(state.EgressId!, CancellationToken.None));
        state = Accept(RecordingStateMachine.StopFailed(state, error.TwirpMessage), RecordingPhase.Active);

        Assert.True(error.IsTransient);
        Assert.Equal("egress service unavailable", state.Error);
    }

    [Fact]
    public async Task WithoutABucketRecordingIsRefusedBeforeAnyCall()
    {
        await using var standIn = await TwirpStandIn.StartAsync();
        using var lk = LiveKitTestRooms.Create(LiveKitTestSettings.Options(standIn.LiveKitUrl));

        Assert.False(lk.Media.IsRecordingConfigured);
        await Assert.ThrowsAsync<MediaNotConfiguredException>(() => lk.Media.StartRecordingAsync("s-1", CancellationToken.None));
        Assert.Empty(standIn.Calls);
    }

    private static async Task<RecordingTransition> ReconcileAsync(LiveKitTestRooms lk, RecordingState state)
    {
        var items = await lk.Media.ListRecordingsAsync("s-1", activeOnly: false, CancellationToken.None);
        var item = Assert.Single(items);
        return RecordingStateMachine.ApplyEgressUpdate(state, item.EgressId, Parse(item.Status), item.Location, item.Error);
    }

    private static RecordingState Accept(RecordingTransition transition, RecordingPhase expected)
    {
        Assert.True(transition.IsAccepted, transition.RefusalReason);
        Assert.Equal(expected, transition.State.Phase);
        return transition.State;
    }

    private static RecordingEgressStatus Parse(string status)
    {
        Assert.True(RecordingStatus.TryParse(status, out var parsed), "unknown status " + status);
        return parsed;
    }

    private static LiveKitOptions RecordingOptions(TwirpStandIn standIn)
    {
        var options = LiveKitTestSettings.Options(standIn.LiveKitUrl);
        options.Recording = new LiveKitRecordingOptions
        {
            Bucket = "studio-recordings",
            Endpoint = "https://acct.r2.cloudflarestorage.com",
            AccessKey = "AKIDTEST",
            Secret = "s3-secret-test",
        };
        return options;
    }

    private static string EgressJson(string id, string status, string? file = null) =>
        $$"""{"egress_id":"{{id}}","room_id":"RM_1","room_name":"studio-s-1","source_type":"EGRESS_SOURCE_TYPE_WEB","status":"{{status}}","started_at":"1763772000000000000","ended_at":"0","updated_at":"1763772005000000000","details":"","error":"","error_code":0,"file_results":[{{(file is null ? "" : $$"""{"filename":"{{file}}","started_at":"1763772000000000000","ended_at":"1763772600000000000","duration":"600000000000","size":"4096","location":"https://acct.r2.cloudflarestorage.com/studio-recordings/{{file}}"}""")}}],"stream_results":[],"image_results":[],"segment_results":[]}""";

    private static void AssertBody(JsonElement actual, string expectedJson)
    {
        using var expected = JsonDocument.Parse(expectedJson);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, actual), $"expected {expectedJson}, got {actual.GetRawText()}");
    }
}

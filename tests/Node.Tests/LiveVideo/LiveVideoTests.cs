using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActorStudio.Node.LiveKit;
using ActorStudio.Node.Tests.LiveKit;
using ActorStudio.Node.Tests.Sessions;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ActorStudio.Node.Tests.LiveVideo;

/// <summary>
/// Live video end to end through the real node: join tokens checked by livekit-server-sdk's TokenVerifier, recording
/// over the socket and HTTP against the Twirp stand-in (success and failure), role refusals, and LiveKit webhooks
/// signed by livekit-server-sdk becoming session events exactly once.
/// </summary>
public sealed class LiveVideoTests
{
    private const string StartEgress = "livekit.Egress/StartRoomCompositeEgress";
    private const string StopEgress = "livekit.Egress/StopEgress";

    [Fact]
    public async Task Join_tokens_follow_the_role_are_refreshed_on_rejoin_and_verify_with_livekit_server_sdk()
    {
        await using var lv = await LiveVideoServer.StartAsync();
        var session = await lv.Http.CreateAsync();
        var room = "studio-" + session.SessionId;

        // The room is created when the session starts, with a service token that only carries roomCreate.
        var create = await lv.WaitForCallAsync("livekit.RoomService/CreateRoom");
        Assert.Null(create.Refusal);
        Assert.Equal(room, create.Body.GetProperty("name").GetString());

        var host = await lv.Http.JoinAsync(session.SessionId, session.HostCode, "Hana Host");
        var collaborator = await lv.Http.JoinAsync(session.SessionId, session.CollaboratorCode, "Cole Collab");
        var viewer = await lv.Http.JoinAsync(session.SessionId, session.ViewerCode, "Vic Viewer");
        var rejoin = await lv.Http.JoinAsync(session.SessionId, session.HostCode, "Hana Host", bearer: host.Token);
        Assert.True(rejoin.Rejoined);

        var joins = new[] { host, collaborator, viewer, rejoin };
        var tokens = new List<string>();
        foreach (var join in joins)
        {
            var livekit = join.Json.GetProperty("livekit");
            Assert.Equal(lv.StandIn.LiveKitUrl, livekit.GetProperty("url").GetString());
            Assert.Equal(room, livekit.GetProperty("room").GetString());
            tokens.Add(livekit.GetProperty("token").GetString()!);
        }

        var verified = await LiveKitNodeChecks.VerifyAsync(LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret, tokens);
        var names = new[] { "Hana Host", "Cole Collab", "Vic Viewer", "Hana Host" };
        for (var i = 0; i < joins.Length; i++)
        {
            Assert.True(verified[i].Ok, verified[i].Error);
            var claims = verified[i].Claims;
            Assert.Equal(joins[i].ParticipantId, claims.GetProperty("sub").GetString());
            Assert.Equal(names[i], claims.GetProperty("name").GetString());
            var video = claims.GetProperty("video");
            Assert.True(video.GetProperty("roomJoin").GetBoolean());
            Assert.Equal(room, video.GetProperty("room").GetString());
            Assert.True(video.GetProperty("canSubscribe").GetBoolean());
            Assert.False(video.TryGetProperty("roomAdmin", out var admin) && admin.GetBoolean());
            Assert.False(video.TryGetProperty("roomRecord", out var record) && record.GetBoolean());
            var isHost = joins[i].Role == "host";
            Assert.Equal(isHost, video.GetProperty("canPublish").GetBoolean());
            if (isHost)
            {
                var sources = video.GetProperty("canPublishSources").EnumerateArray().Select(s => s.GetString()).ToArray();
                Assert.Contains("camera", sources);
                Assert.Contains("microphone", sources);
            }
            else
            {
                Assert.False(video.GetProperty("canPublishData").GetBoolean());
                Assert.False(video.TryGetProperty("canPublishSources", out var s) && s.GetArrayLength() > 0);
            }

            Assert.False(video.TryGetProperty("canUpdateOwnMetadata", out var meta) && meta.GetBoolean());
        }

        // The rejoin got a fresh token for the same identity; a token for this room does not admit to another room.
        Assert.Equal(host.ParticipantId, rejoin.ParticipantId);
        var other = await lv.Http.CreateAsync("Another");
        var otherHost = await lv.Http.JoinAsync(other.SessionId, other.HostCode, "Other");
        Assert.False(LiveKitTokenChecks.GrantsRoomJoin(tokens[0], "studio-" + other.SessionId, LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret));
        Assert.True(LiveKitTokenChecks.GrantsRoomJoin(otherHost.Json.GetProperty("livekit").GetProperty("token").GetString()!, "studio-" + other.SessionId, LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret));
    }

    [Fact]
    public async Task Screen_share_is_granted_only_to_a_host_who_asks_for_it()
    {
        await using var lv = await LiveVideoServer.StartAsync(recording: false);
        var session = await lv.Http.CreateAsync();
        var host = await lv.Http.JoinAsync(session.SessionId, session.HostCode, "Hana Host");
        var viewer = await lv.Http.JoinAsync(session.SessionId, session.ViewerCode, "Vic");

        async Task<string> RejoinAsync(Joined who, string code, bool screenShare)
        {
            using var response = await lv.Http.SendAsync(HttpMethod.Post, $"/api/sessions/{session.SessionId}/join", who.Token, new { code, screenShare });
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("livekit").GetProperty("token").GetString()!;
        }

        var tokens = new[]
        {
            host.Json.GetProperty("livekit").GetProperty("token").GetString()!,
            await RejoinAsync(host, session.HostCode, screenShare: true),
            await RejoinAsync(viewer, session.ViewerCode, screenShare: true),
        };
        var verified = await LiveKitNodeChecks.VerifyAsync(LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret, tokens);
        Assert.All(verified, v => Assert.True(v.Ok, v.Error));
        string[] Sources(int i) => verified[i].Claims.GetProperty("video").TryGetProperty("canPublishSources", out var s)
            ? s.EnumerateArray().Select(x => x.GetString()!).ToArray()
            : [];

        Assert.Equal(["camera", "microphone"], Sources(0));
        Assert.Equal(["camera", "microphone", "screen_share", "screen_share_audio"], Sources(1));
        Assert.Empty(Sources(2));
        Assert.False(verified[2].Claims.GetProperty("video").GetProperty("canPublish").GetBoolean());
    }

    [Fact]
    public async Task Without_livekit_join_carries_null_and_recording_is_refused_as_not_configured()
    {
        await using var server = await StudioServer.StartAsync();
        using var client = server.CreateClient();
        var http = new SessionHttp(client);
        var session = await http.CreateAsync();
        var host = await http.JoinAsync(session.SessionId, session.HostCode, "Hana");
        Assert.Equal(JsonValueKind.Null, host.Json.GetProperty("livekit").ValueKind);

        using var refused = await http.SendAsync(HttpMethod.Post, $"/api/sessions/{session.SessionId}/recording", host.Token, new { action = "start" });
        Assert.Equal(HttpStatusCode.NotImplemented, refused.StatusCode);
        Assert.Equal("livekit_not_configured", (await SessionHttp.ProblemAsync(refused)).GetProperty("code").GetString());

        await using var socket = await SessionSocketClient.ConnectAsync(host.WsUrl, host.Token);
        await socket.WaitForAsync<Welcome>();
        await socket.SendAsync(new StartRecording("rec-1"));
        var error = await socket.WaitForAsync<Error>(e => e.CommandId == "rec-1");
        Assert.Equal("livekit_not_configured", error.Code);

        using var media = await http.SendAsync(HttpMethod.Get, $"/api/sessions/{session.SessionId}/media", host.Token);
        var view = await media.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(view.GetProperty("configured").GetBoolean());
        Assert.Equal("off", view.GetProperty("recording").GetString());

        using var webhook = new StringContent("{}", Encoding.UTF8, "application/webhook+json");
        using var hook = await client.PostAsync("/api/livekit/webhook", webhook);
        Assert.Equal(HttpStatusCode.NotFound, hook.StatusCode);
    }

    [Fact]
    public async Task Recording_runs_over_socket_and_http_with_webhooks_badge_chat_and_a_file_for_the_host()
    {
        await using var lv = await LiveVideoServer.StartAsync();
        var session = await lv.Http.CreateAsync();
        var sid = session.SessionId;
        var key = $"recordings/{sid}/2026-11-22/020000.mp4";
        lv.StandIn.On(StartEgress, TwirpStandIn.Reply.Ok(LiveVideoServer.EgressJson(sid, "EG_1", "EGRESS_STARTING")));
        lv.StandIn.On(StopEgress, TwirpStandIn.Reply.Ok(LiveVideoServer.EgressJson(sid, "EG_1", "EGRESS_ENDING")));

        var host = await lv.Http.JoinAsync(sid, session.HostCode, "Hana");
        var collaborator = await lv.Http.JoinAsync(sid, session.CollaboratorCode, "Cole");
        var viewer = await lv.Http.JoinAsync(sid, session.ViewerCode, "Vic");
        await using var hostSocket = await SessionSocketClient.ConnectAsync(host.WsUrl, host.Token);
        await using var viewerSocket = await SessionSocketClient.ConnectAsync(viewer.WsUrl, viewer.Token);
        await hostSocket.WaitForAsync<Welcome>();
        var welcome = await viewerSocket.WaitForAsync<Welcome>();
        Assert.Equal(RecordingState.Off, welcome.Snapshot!.Recording.State);

        // Non-hosts are refused, over the socket and over HTTP; nothing reaches LiveKit.
        await viewerSocket.SendAsync(new StartRecording("viewer-rec"));
        Assert.Equal("forbidden", (await viewerSocket.WaitForAsync<Error>(e => e.CommandId == "viewer-rec")).Code);
        using (var refused = await lv.Http.SendAsync(HttpMethod.Post, $"/api/sessions/{sid}/recording", collaborator.Token, new { action = "start" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.DoesNotContain(lv.StandIn.Calls, c => c.Method == StartEgress);

        // The host starts over the socket: journaled as starting, broadcast, a system line in chat, then LiveKit called.
        await hostSocket.SendAsync(new StartRecording("host-rec-1"));
        await hostSocket.WaitForAsync<Ack>(a => a.CommandId == "host-rec-1");
        Assert.Equal(RecordingState.Starting, (await viewerSocket.WaitForAsync<RecordingStatus>()).State);
        Assert.Contains("started recording", (await viewerSocket.WaitForAsync<ChatMessage>(m => m.Kind == ChatMessageKind.System)).Text, StringComparison.Ordinal);
        var startCall = await lv.WaitForCallAsync(StartEgress);
        Assert.Null(startCall.Refusal);
        var startBody = startCall.Body.GetRawText();
        Assert.Contains($"\"studio-{sid}\"", startBody, StringComparison.Ordinal);
        Assert.Contains($"recordings/{sid}/", startBody, StringComparison.Ordinal);
        Assert.Contains(LiveVideoServer.RecordingBucket, startBody, StringComparison.Ordinal);

        // A second start while recording is a conflict.
        await hostSocket.SendAsync(new StartRecording("host-rec-2"));
        Assert.Equal("conflict", (await hostSocket.WaitForAsync<Error>(e => e.CommandId == "host-rec-2")).Code);

        // LiveKit reports the egress active, then (after the host stops over HTTP) complete with the file.
        var signed = await LiveKitNodeChecks.SignWebhooksAsync(LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret,
        [
            (EgressWebhook("EV_a1", sid, "egress_updated", "EG_1", "EGRESS_ACTIVE", null), "5m"),
            (EgressWebhook("EV_a2", sid, "egress_ended", "EG_1", "EGRESS_COMPLETE", key), "5m"),
        ]);
        Assert.All(signed, s => Assert.True(s.ReceiverAccepts));
        using (var active = await PostWebhookAsync(lv.Http.Client, EgressWebhook("EV_a1", sid, "egress_updated", "EG_1", "EGRESS_ACTIVE", null), signed[0].Authorization))
        {
            Assert.Equal(HttpStatusCode.OK, active.StatusCode);
        }

        Assert.Equal(RecordingState.Active, (await viewerSocket.WaitForAsync<RecordingStatus>(r => r.State == RecordingState.Active)).State);

        using (var stop = await lv.Http.SendAsync(HttpMethod.Post, $"/api/sessions/{sid}/recording", host.Token, new { action = "stop", commandId = "http-stop-1" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
            var body = await stop.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("http-stop-1", body.GetProperty("commandId").GetString());
        }

        await viewerSocket.WaitForAsync<RecordingStatus>(r => r.State == RecordingState.Stopping);
        Assert.Contains("stopped the recording", (await viewerSocket.WaitForAsync<ChatMessage>(m => m.Kind == ChatMessageKind.System)).Text, StringComparison.Ordinal);
        var stopCall = await lv.WaitForCallAsync(StopEgress);
        Assert.Equal("EG_1", stopCall.Body.GetProperty("egress_id").GetString());

        using (var ended = await PostWebhookAsync(lv.Http.Client, EgressWebhook("EV_a2", sid, "egress_ended", "EG_1", "EGRESS_COMPLETE", key), signed[1].Authorization))
        {
            Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        }

        await hostSocket.WaitForAsync<RecordingStatus>(r => r.State == RecordingState.Complete);
        await viewerSocket.WaitForAsync<RecordingStatus>(r => r.State == RecordingState.Complete);

        // The host sees the file (no S3 blob store on this bucket here, so where it is rather than a link); others do not.
        using var hostMedia = await lv.Http.SendAsync(HttpMethod.Get, $"/api/sessions/{sid}/media", host.Token);
        var hostView = await hostMedia.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("complete", hostView.GetProperty("recording").GetString());
        var file = Assert.Single(hostView.GetProperty("recordings").EnumerateArray());
        Assert.Equal(key, file.GetProperty("key").GetString());
        Assert.Equal($"s3://{LiveVideoServer.RecordingBucket}/{key}", file.GetProperty("where").GetString());
        using var viewerMedia = await lv.Http.SendAsync(HttpMethod.Get, $"/api/sessions/{sid}/media", viewer.Token);
        Assert.Equal(JsonValueKind.Null, (await viewerMedia.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recordings").ValueKind);

        // A late snapshot shows the finished state.
        await using var late = await SessionSocketClient.ConnectAsync(collaborator.WsUrl, collaborator.Token);
        Assert.Equal(RecordingState.Complete, (await late.WaitForAsync<Welcome>()).Snapshot!.Recording.State);
    }

    [Fact]
    public async Task A_failed_egress_start_marks_the_recording_failed_and_a_new_start_is_allowed()
    {
        await using var lv = await LiveVideoServer.StartAsync();
        var session = await lv.Http.CreateAsync();
        var sid = session.SessionId;
        lv.StandIn.On(StartEgress, TwirpStandIn.Reply.Error(500, "internal", "no egress workers available"));
        var host = await lv.Http.JoinAsync(sid, session.HostCode, "Hana");
        await using var hostSocket = await SessionSocketClient.ConnectAsync(host.WsUrl, host.Token);
        await hostSocket.WaitForAsync<Welcome>();

        using (var start = await lv.Http.SendAsync(HttpMethod.Post, $"/api/sessions/{sid}/recording", host.Token, new { action = "start" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        var failed = await hostSocket.WaitForAsync<RecordingStatus>(r => r.State == RecordingState.Failed);
        Assert.Contains("no egress workers available", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("could not start", (await hostSocket.WaitForAsync<ChatMessage>(m => m.Text.Contains("could not start", StringComparison.Ordinal))).Text, StringComparison.Ordinal);

        // Stop has nothing to stop; a new start goes through once LiveKit recovers.
        using (var stop = await lv.Http.SendAsync(HttpMethod.Post, $"/api/sessions/{sid}/recording", host.Token, new { action = "stop" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, stop.StatusCode);
        }

        lv.StandIn.On(StartEgress, TwirpStandIn.Reply.Ok(LiveVideoServer.EgressJson(sid, "EG_2", "EGRESS_ACTIVE")));
        await hostSocket.SendAsync(new StartRecording("again"));
        await hostSocket.WaitForAsync<Ack>(a => a.CommandId == "again");
        await hostSocket.WaitForAsync<RecordingStatus>(r => r.State == RecordingState.Active);

        using var bad = await lv.Http.SendAsync(HttpMethod.Post, $"/api/sessions/{sid}/recording", host.Token, new { action = "pause" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_webhook_becomes_one_session_event_even_when_delivered_twice_or_to_another_node()
    {
        await using var lv = await LiveVideoServer.StartAsync(recording: false);
        var session = await lv.Http.CreateAsync();
        var sid = session.SessionId;
        var host = await lv.Http.JoinAsync(sid, session.HostCode, "Hana");
        var joinedBody = $$"""{"event":"participant_joined","room":{"sid":"RM_1","name":"studio-{{sid}}"},"participant":{"sid":"PA_1","identity":"{{host.ParticipantId}}","name":"Hana","state":"ACTIVE"},"id":"EV_join_{{sid}}","createdAt":"1763772002"}""";
        var trackBody = $$"""{"event":"track_published","room":{"sid":"RM_1","name":"studio-{{sid}}"},"participant":{"sid":"PA_1","identity":"{{host.ParticipantId}}"},"track":{"sid":"TR_cam","type":"VIDEO","source":"CAMERA","name":"camera"},"id":"EV_track_{{sid}}","createdAt":"1763772003"}""";
        var signed = await LiveKitNodeChecks.SignWebhooksAsync(LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret, [(joinedBody, "5m"), (trackBody, "5m"), (joinedBody + " ", "5m")]);

        using (var first = await PostWebhookAsync(lv.Http.Client, joinedBody, signed[0].Authorization))
        using (var second = await PostWebhookAsync(lv.Http.Client, joinedBody, signed[0].Authorization))
        using (var track = await PostWebhookAsync(lv.Http.Client, trackBody, signed[1].Authorization))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal(HttpStatusCode.OK, track.StatusCode);
        }

        // Tampered body (signed hash no longer matches) is refused before it reaches the session.
        using (var tampered = await PostWebhookAsync(lv.Http.Client, joinedBody.Replace("Hana", "Mallory", StringComparison.Ordinal), signed[0].Authorization))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        }

        // Another node (no memory of the id) hands the same event to its sink: the session journal still has it once.
        var sink = lv.Server.Services.GetRequiredService<ILiveKitEventSink>();
        var parsed = JsonSerializer.Deserialize<LiveKitWebhookEvent>(joinedBody, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        await sink.HandleAsync(parsed, CancellationToken.None);

        using var media = await lv.Http.SendAsync(HttpMethod.Get, $"/api/sessions/{sid}/media", host.Token);
        var view = await media.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, view.GetProperty("webhookEvents").GetInt64());
        Assert.True(view.GetProperty("hostInRoom").GetBoolean());
        Assert.Equal("CAMERA", Assert.Single(view.GetProperty("hostTrackSources").EnumerateArray()).GetString());
        Assert.Equal(1, view.GetProperty("participantsInRoom").GetInt32());
    }

    [Fact]
    public async Task Without_webhooks_the_session_settles_the_recording_from_the_egress_listing()
    {
        await using var lv = await LiveVideoServer.StartAsync(extraArgs: ["--LiveVideo:RecordingReconcileInterval", "00:00:00.200"]);
        var session = await lv.Http.CreateAsync();
        var sid = session.SessionId;
        var key = $"recordings/{sid}/2026-11-22/030000.mp4";
        var listed = "EGRESS_ACTIVE";
        lv.StandIn.On(StartEgress, TwirpStandIn.Reply.Ok(LiveVideoServer.EgressJson(sid, "EG_5", "EGRESS_STARTING")));
        lv.StandIn.On(StopEgress, TwirpStandIn.Reply.Ok(LiveVideoServer.EgressJson(sid, "EG_5", "EGRESS_ENDING")));
        lv.StandIn.On("livekit.Egress/ListEgress", _ => TwirpStandIn.Reply.Ok(
            $$"""{"items":[{{LiveVideoServer.EgressJson(sid, "EG_5", Volatile.Read(ref listed), listed == "EGRESS_COMPLETE" ? key : null)}}]}"""));
        var host = await lv.Http.JoinAsync(sid, session.HostCode, "Hana");
        await using var hostSocket = await SessionSocketClient.ConnectAsync(host.WsUrl, host.Token);
        await hostSocket.WaitForAsync<Welcome>();

        await hostSocket.SendAsync(new StartRecording("start"));
        await hostSocket.WaitForAsync<RecordingStatus>(r => r.State == RecordingState.Active);
        var list = await lv.WaitForCallAsync("livekit.Egress/ListEgress");
        Assert.Null(list.Refusal);

        Volatile.Write(ref listed, "EGRESS_COMPLETE");
        await hostSocket.SendAsync(new StopRecording("stop"));
        await hostSocket.WaitForAsync<RecordingStatus>(r => r.State == RecordingState.Stopping);
        await hostSocket.WaitForAsync<RecordingStatus>(r => r.State == RecordingState.Complete);

        using var media = await lv.Http.SendAsync(HttpMethod.Get, $"/api/sessions/{sid}/media", host.Token);
        var file = Assert.Single((await media.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recordings").EnumerateArray());
        Assert.Equal(key, file.GetProperty("key").GetString());
    }

    private static string EgressWebhook(string id, string sessionId, string kind, string egressId, string status, string? file) =>
        $$"""{"event":"{{kind}}","egressInfo":{"egressId":"{{egressId}}","roomId":"RM_1","roomName":"studio-{{sessionId}}","status":"{{status}}","startedAt":"1763772000000000000","fileResults":[{{(file is null ? "" : $$"""{"filename":"{{file}}","size":"4096","location":"https://acct.r2.cloudflarestorage.com/{{LiveVideoServer.RecordingBucket}}/{{file}}"}""")}}]},"id":"{{id}}","createdAt":"1763772601"}""";

    private static async Task<HttpResponseMessage> PostWebhookAsync(HttpClient client, string body, string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/livekit/webhook")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/webhook+json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await client.SendAsync(request);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorStudio.Node.Tests.LiveKit;
using ActorStudio.Node.Tests.LiveVideo;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Sessions;

/// <summary>
/// The host removing a participant and ending the session, through the real node with LiveKit configured against
/// the Twirp stand-in: what everyone sees, what the removed/ended sockets are told, what HTTP answers afterwards,
/// and the LiveKit calls (checked for path, grant and body by the stand-in).
/// </summary>
public sealed class ModerationTests
{
    private const string RemoveParticipant = "livekit.RoomService/RemoveParticipant";
    private const string DeleteRoom = "livekit.RoomService/DeleteRoom";

    [Fact]
    public async Task A_removed_participant_is_closed_with_kicked_refused_afterwards_and_removed_from_the_media_room()
    {
        await using var lv = await LiveVideoServer.StartAsync(recording: false);
        lv.StandIn.On(RemoveParticipant, TwirpStandIn.Reply.Ok("{}"));
        var api = lv.Http;
        var session = await api.CreateAsync();
        var host = await api.JoinAsync(session.SessionId, session.HostCode, "Hana Host");
        var troll = await api.JoinAsync(session.SessionId, session.CollaboratorCode, "Troll");
        var viewer = await api.JoinAsync(session.SessionId, session.ViewerCode, "Vic");
        await using var hostClient = await SessionSocketClient.ConnectAsync(host.WsUrl, host.Token);
        await using var trollClient = await SessionSocketClient.ConnectAsync(troll.WsUrl, troll.Token);
        await using var viewerClient = await SessionSocketClient.ConnectAsync(viewer.WsUrl, viewer.Token);
        await hostClient.WaitForAsync<Welcome>();
        await trollClient.WaitForAsync<Welcome>();
        await viewerClient.WaitForAsync<Welcome>();

        // Only the host may remove someone, and not themselves.
        await viewerClient.SendAsync(new RemoveContent("v-rm", ModerationTarget.Participant, troll.ParticipantId));
        Assert.Equal(ErrorCodes.Forbidden, (await viewerClient.WaitForAsync<Error>(e => e.CommandId == "v-rm")).Code);
        await hostClient.SendAsync(new RemoveContent("self", ModerationTarget.Participant, host.ParticipantId));
        Assert.Equal(ErrorCodes.InvalidInput, (await hostClient.WaitForAsync<Error>(e => e.CommandId == "self")).Code);

        await hostClient.SendAsync(new RemoveContent("rm", ModerationTarget.Participant, troll.ParticipantId));
        await hostClient.WaitForAsync<Ack>(a => a.CommandId == "rm");

        var (code, reason) = await trollClient.WaitClosedAsync();
        Assert.Equal(CloseCodes.Kicked, code);
        Assert.Contains("Hana Host", reason);

        var left = await viewerClient.WaitForAsync<PresenceChanged>(p => p.Participant.ParticipantId == troll.ParticipantId && p.Participant.Presence == PresenceState.Left);
        Assert.Equal(Role.Collaborator, left.Participant.Role);
        var note = await viewerClient.WaitForAsync<ChatMessage>(m => m.Kind == ChatMessageKind.System && m.Text.Contains("Troll", StringComparison.Ordinal));
        Assert.Contains("removed by Hana Host", note.Text);

        // Removing them again: not_found. Their token, a rejoin with a code, and a new socket are all refused.
        await hostClient.SendAsync(new RemoveContent("rm-again", ModerationTarget.Participant, troll.ParticipantId));
        Assert.Equal(ErrorCodes.NotFound, (await hostClient.WaitForAsync<Error>(e => e.CommandId == "rm-again")).Code);
        using (var view = await api.SendAsync(HttpMethod.Get, $"/api/sessions/{session.SessionId}", troll.Token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, view.StatusCode);
        }

        using (var rejoin = await api.PostJoinAsync(session.SessionId, session.CollaboratorCode, "Troll", bearer: troll.Token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, rejoin.StatusCode);
        }

        await using (var again = await SessionSocketClient.ConnectAsync(troll.WsUrl, troll.Token))
        {
            Assert.Equal(CloseCodes.Kicked, (await again.WaitClosedAsync()).Code);
        }

        // The host's snapshot no longer lists them; LiveKit was asked to drop them, with a room-admin grant for this room.
        using var hostView = await api.SendAsync(HttpMethod.Get, $"/api/sessions/{session.SessionId}", host.Token);
        var snapshot = await hostView.Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(snapshot.GetProperty("participants").EnumerateArray(), p => p.GetProperty("participantId").GetString() == troll.ParticipantId);
        var call = await lv.WaitForCallAsync(RemoveParticipant);
        Assert.Null(call.Refusal);
        Assert.Equal("studio-" + session.SessionId, call.Body.GetProperty("room").GetString());
        Assert.Equal(troll.ParticipantId, call.Body.GetProperty("identity").GetString());

        // Everyone else goes on.
        await viewerClient.SendAsync(new PostChat("after", "still here"));
        await hostClient.WaitForAsync<ChatMessage>(m => m.CommandId == "after");
    }

    [Fact]
    public async Task Ending_the_session_closes_every_socket_refuses_joins_and_deletes_the_media_room()
    {
        await using var lv = await LiveVideoServer.StartAsync(recording: false);
        lv.StandIn.On(DeleteRoom, TwirpStandIn.Reply.Ok("{}"));
        var api = lv.Http;
        var session = await api.CreateAsync();
        var host = await api.JoinAsync(session.SessionId, session.HostCode, "Hana Host");
        var collaborator = await api.JoinAsync(session.SessionId, session.CollaboratorCode, "Cole");
        await using var hostClient = await SessionSocketClient.ConnectAsync(host.WsUrl, host.Token);
        await using var collaboratorClient = await SessionSocketClient.ConnectAsync(collaborator.WsUrl, collaborator.Token);
        await hostClient.WaitForAsync<Welcome>();
        await collaboratorClient.WaitForAsync<Welcome>();

        await collaboratorClient.SendAsync(new EndSession("c-end"));
        Assert.Equal(ErrorCodes.Forbidden, (await collaboratorClient.WaitForAsync<Error>(e => e.CommandId == "c-end")).Code);
        using (var notHost = await api.SendAsync(HttpMethod.Delete, $"/api/sessions/{session.SessionId}", collaborator.Token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notHost.StatusCode);
        }

        await hostClient.SendAsync(new EndSession("end"));
        await hostClient.WaitForAsync<Ack>(a => a.CommandId == "end");
        var note = await collaboratorClient.WaitForAsync<ChatMessage>(m => m.Kind == ChatMessageKind.System && m.Text.Contains("ended the session", StringComparison.Ordinal));
        Assert.Contains("Hana Host", note.Text);
        Assert.Equal(CloseCodes.SessionEnded, (await collaboratorClient.WaitClosedAsync()).Code);
        Assert.Equal(CloseCodes.SessionEnded, (await hostClient.WaitClosedAsync()).Code);

        using (var join = await api.PostJoinAsync(session.SessionId, session.ViewerCode, "Late"))
        {
            Assert.Equal(HttpStatusCode.Gone, join.StatusCode);
            Assert.Equal(ErrorCodes.SessionEnded, (await SessionHttp.ProblemAsync(join)).GetProperty("code").GetString());
        }

        using (var view = await api.SendAsync(HttpMethod.Get, $"/api/sessions/{session.SessionId}", host.Token))
        {
            Assert.Equal(HttpStatusCode.Gone, view.StatusCode);
        }

        using (var endAgain = await api.SendAsync(HttpMethod.Delete, $"/api/sessions/{session.SessionId}", host.Token))
        {
            Assert.Equal(HttpStatusCode.Gone, endAgain.StatusCode);
        }

        await using (var late = await SessionSocketClient.ConnectAsync(host.WsUrl, host.Token))
        {
            Assert.Equal(CloseCodes.SessionEnded, (await late.WaitClosedAsync()).Code);
        }

        var call = await lv.WaitForCallAsync(DeleteRoom);
        Assert.Null(call.Refusal);
        Assert.Equal("studio-" + session.SessionId, call.Body.GetProperty("room").GetString());
    }

    [Fact]
    public async Task The_host_can_end_a_session_over_http_and_it_stays_ended_after_a_restart()
    {
        using var data = new TempDirectory("studio-ended");
        CreatedSession session;
        await using (var first = await StudioServer.StartAsync(data.Path))
        {
            var api = new SessionHttp(first.CreateClient());
            session = await api.CreateAsync();
            var host = await api.JoinAsync(session.SessionId, session.HostCode, "Hana Host");
            using var end = await api.SendAsync(HttpMethod.Delete, $"/api/sessions/{session.SessionId}", host.Token);
            Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        }

        await using var second = await StudioServer.StartAsync(data.Path);
        var again = new SessionHttp(second.CreateClient());
        using var join = await again.PostJoinAsync(session.SessionId, session.HostCode, "Hana Host");
        Assert.Equal(HttpStatusCode.Gone, join.StatusCode);
    }
}

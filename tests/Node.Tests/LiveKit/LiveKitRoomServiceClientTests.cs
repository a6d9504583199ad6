using System.Net;
using System.Text.Json;
using ActorStudio.Node.LiveKit;

namespace ActorStudio.Node.Tests.LiveKit;

/// <summary>The RoomService client and <see cref="LiveKitMediaRoom"/> against the Twirp stand-in on loopback.</summary>
public sealed class LiveKitRoomServiceClientTests
{
    private const string CreateRoom = "livekit.RoomService/CreateRoom";
    private const string DeleteRoom = "livekit.RoomService/DeleteRoom";
    private const string RemoveParticipant = "livekit.RoomService/RemoveParticipant";
    private const string ListParticipants = "livekit.RoomService/ListParticipants";

    [Fact]
    public async Task RoomLifecycleSendsTheDocumentedBodiesWithTheNarrowestGrants()
    {
        await using var standIn = await TwirpStandIn.StartAsync();
        standIn.On(CreateRoom, body => TwirpStandIn.Reply.Ok(
            $$"""{"sid":"RM_1","name":"{{body.GetProperty("name").GetString()}}","empty_timeout":300,"departure_timeout":20,"max_participants":{{body.GetProperty("max_participants").GetUInt32()}},"creation_time":"1763772000","creation_time_ms":"1763772000123","turn_password":"","enabled_codecs":[],"metadata":"","num_participants":0,"num_publishers":0,"active_recording":false,"version":null}"""));
        standIn.On(RemoveParticipant, TwirpStandIn.Reply.Ok("{}"));
        standIn.On(ListParticipants, TwirpStandIn.Reply.Ok(
            """{"participants":[{"sid":"PA_1","identity":"p-host","state":"ACTIVE","tracks":[{"sid":"TR_1","type":"VIDEO","name":"camera","muted":false,"source":"CAMERA"}],"metadata":"","joined_at":"1763772001","joined_at_ms":"1763772001000","name":"Hosta","version":3,"permission":null,"region":"","is_publisher":true,"kind":"STANDARD","attributes":{}}]}"""));
        standIn.On(DeleteRoom, TwirpStandIn.Reply.Ok("{}"));

        var options = LiveKitTestSettings.Options(standIn.LiveKitUrl);
        options.EmptyTimeout = TimeSpan.FromMinutes(5);
        using var lk = LiveKitTestRooms.Create(options);

        await lk.Media.EnsureRoomAsync("s-1", maxParticipants: 250, CancellationToken.None);
        await lk.Media.RemoveParticipantAsync("s-1", "p-bob", CancellationToken.None);
        var participants = await lk.Rooms.ListParticipantsAsync("studio-s-1", CancellationToken.None);
        await lk.Media.DeleteRoomAsync("s-1", CancellationToken.None);

        var host = Assert.Single(participants);
        Assert.Equal("p-host", host.Identity);
        Assert.Equal(1763772001, host.JoinedAt);
        Assert.True(host.IsPublisher);
        Assert.Equal("CAMERA", Assert.Single(host.Tracks).Source);

        var calls = standIn.Calls;
        Assert.Equal([CreateRoom, RemoveParticipant, ListParticipants, DeleteRoom], calls.Select(c => c.Method));
        Assert.All(calls, c => Assert.Null(c.Refusal));
        AssertBody(calls[0].Body, """{"name":"studio-s-1","empty_timeout":300,"max_participants":250}""");
        AssertBody(calls[1].Body, """{"room":"studio-s-1","identity":"p-bob"}""");
        AssertBody(calls[2].Body, """{"room":"studio-s-1"}""");
        AssertBody(calls[3].Body, """{"room":"studio-s-1"}""");

        // LiveKit's own TokenVerifier reads the bearer tokens with exactly the grant each call needs.
        var verified = await LiveKitNodeChecks.VerifyAsync(LiveKitTestSettings.ApiKey, LiveKitTestSettings.ApiSecret, calls.Select(c => c.BearerToken!).ToArray());
        Assert.All(verified, v => Assert.True(v.Ok, v.Error));
        Assert.Equal("""{"roomCreate":true}""", verified[0].Claims.GetProperty("video").GetRawText());
        Assert.Equal("""{"roomAdmin":true,"room":"studio-s-1"}""", verified[1].Claims.GetProperty("video").GetRawText());
        Assert.Equal("""{"roomAdmin":true,"room":"studio-s-1"}""", verified[2].Claims.GetProperty("video").GetRawText());
        Assert.Equal("""{"roomCreate":true}""", verified[3].Claims.GetProperty("video").GetRawText());
    }

    [Fact]
    public async Task DefaultCapacityComesFromOptions()
    {
        await using var standIn = await TwirpStandIn.StartAsync();
        standIn.On(CreateRoom, TwirpStandIn.Reply.Ok("""{"sid":"RM_1","name":"studio-s-2"}"""));
        var options = LiveKitTestSettings.Options(standIn.LiveKitUrl);
        options.MaxParticipants = 321;
        using var lk = LiveKitTestRooms.Create(options);

        await lk.Media.EnsureRoomAsync("s-2", maxParticipants: 0, CancellationToken.None);

        Assert.Equal(321, Assert.Single(standIn.Calls).Body.GetProperty("max_participants").GetInt32());
    }

    [Fact]
    public async Task NotFoundIsTypedAndTheMediaRoomTreatsItAsAlreadyDone()
    {
        await using var standIn = await TwirpStandIn.StartAsync();
        standIn.On(RemoveParticipant, TwirpStandIn.Reply.Error(404, "not_found", "participant not found"));
        standIn.On(DeleteRoom, TwirpStandIn.Reply.Error(404, "not_found", "requested room does not exist"));
        using var lk = LiveKitTestRooms.Create(LiveKitTestSettings.Options(standIn.LiveKitUrl));

        var direct = await Assert.ThrowsAsync<LiveKitApiException>(() => lk.Rooms.RemoveParticipantAsync("studio-s-1", "p-x", CancellationToken.None));
        await lk.Media.RemoveParticipantAsync("s-1", "p-x", CancellationToken.None);
        await lk.Media.DeleteRoomAsync("s-1", CancellationToken.None);

        Assert.Equal("not_found", direct.Code);
        Assert.Equal(HttpStatusCode.NotFound, direct.StatusCode);
        Assert.Equal("participant not found", direct.TwirpMessage);
        Assert.Equal("livekit.RoomService/RemoveParticipant", direct.Method);
        Assert.Equal(3, standIn.Calls.Count);
    }

    [Fact]
    public async Task WrongSecretIsRefusedAsUnauthenticated()
    {
        await using var standIn = await TwirpStandIn.StartAsync(apiSecret: "the-servers-real-secret-which-differs-0123456");
        standIn.On(CreateRoom, TwirpStandIn.Reply.Ok("""{"sid":"RM_1"}"""));
        using var lk = LiveKitTestRooms.Create(LiveKitTestSettings.Options(standIn.LiveKitUrl));

        var error = await Assert.ThrowsAsync<LiveKitApiException>(() => lk.Media.EnsureRoomAsync("s-1", 10, CancellationToken.None));

        Assert.Equal("unauthenticated", error.Code);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("BadSignature", error.TwirpMessage, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task DocumentedUnauthenticatedAnswerIsMappedWithMeta()
    {
        await using var standIn = await TwirpStandIn.StartAsync();
        standIn.On(ListParticipants, TwirpStandIn.Reply.Error(401, "unauthenticated", "permissions denied", """{"room":"studio-s-1"}"""));
        using var lk = LiveKitTestRooms.Create(LiveKitTestSettings.Options(standIn.LiveKitUrl));

        var error = await Assert.ThrowsAsync<LiveKitApiException>(() => lk.Rooms.ListParticipantsAsync("studio-s-1", CancellationToken.None));

        Assert.Equal("unauthenticated", error.Code);
        Assert.Equal("permissions denied", error.TwirpMessage);
        Assert.Equal("studio-s-1", error.Meta["room"]);
    }

    [Fact]
    public async Task ServerErrorsAreTypedWhetherOrNotTheyCarryATwirpBody()
    {
        await using var standIn = await TwirpStandIn.StartAsync();
        using var lk = LiveKitTestRooms.Create(LiveKitTestSettings.Options(standIn.LiveKitUrl));

        standIn.On(CreateRoom, TwirpStandIn.Reply.Error(500, "internal", "could not create room"));
        var twirp = await Assert.ThrowsAsync<LiveKitApiException>(() => lk.Media.EnsureRoomAsync("s-1", 10, CancellationToken.None));
        standIn.On(CreateRoom, new TwirpStandIn.Reply(503, "<html>upstream down</html>", ContentType: "text/html"));
        var proxy = await Assert.ThrowsAsync<LiveKitApiException>(() => lk.Media.EnsureRoomAsync("s-1", 10, CancellationToken.None));

        Assert.Equal(("internal", HttpStatusCode.InternalServerError, "could not create room"), (twirp.Code, twirp.StatusCode, twirp.TwirpMessage));
        Assert.True(twirp.IsTransient);
        Assert.Equal(("unavailable", HttpStatusCode.ServiceUnavailable), (proxy.Code, proxy.StatusCode));
        Assert.Contains("upstream down", proxy.TwirpMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowServerTimesOutButCallerCancellationStaysCancellation()
    {
        await using var standIn = await TwirpStandIn.StartAsync();
        standIn.On(CreateRoom, new TwirpStandIn.Reply(200, """{"sid":"RM_1"}""", TimeSpan.FromSeconds(30)));
        var options = LiveKitTestSettings.Options(standIn.LiveKitUrl);
        options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        using var lk = LiveKitTestRooms.Create(options);

        var timeout = await Assert.ThrowsAsync<LiveKitApiException>(() => lk.Media.EnsureRoomAsync("s-1", 10, CancellationToken.None));

        options.RequestTimeout = TimeSpan.FromSeconds(30);
        using var lk2 = LiveKitTestRooms.Create(options);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lk2.Media.EnsureRoomAsync("s-1", 10, cancel.Token));

        Assert.Equal("timeout", timeout.Code);
        Assert.Null(timeout.StatusCode);
        Assert.True(timeout.IsTransient);
        Assert.Equal(cancel.Token, cancelled.CancellationToken);
    }

    [Fact]
    public async Task UnreachableServerIsUnavailable()
    {
        // Start and stop a stand-in to get a loopback port nobody listens on.
        string url;
        await using (var standIn = await TwirpStandIn.StartAsync())
        {
            url = standIn.LiveKitUrl;
        }

        using var lk = LiveKitTestRooms.Create(LiveKitTestSettings.Options(url));

        var error = await Assert.ThrowsAsync<LiveKitApiException>(() => lk.Media.DeleteRoomAsync("s-1", CancellationToken.None));

        Assert.Equal("unavailable", error.Code);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    private static void AssertBody(JsonElement actual, string expectedJson)
    {
        using var expected = JsonDocument.Parse(expectedJson);
        Assert.True(
            JsonElement.DeepEquals(expected.RootElement, actual),
            $"expected {expectedJson}, got {actual.GetRawText()}");
    }
}

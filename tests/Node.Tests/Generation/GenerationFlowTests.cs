using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ActorStudio.Node.Tests.Sessions;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Generation;

/// <summary>Generation end to end over a real node (Kestrel, WebSocket, local generator, libvips, local blob files).</summary>
public sealed class GenerationFlowTests
{
    // Variant 0 is slowest, 1 fastest: the owner must see 1, 3, 2, 0 (gaps well above the time a draw takes on 2 busy cores).
    private static readonly string[] OrderedLatencies =
    [
        "--Studio:Images:Local:VariantLatencies:0=00:00:04.500",
        "--Studio:Images:Local:VariantLatencies:1=00:00:00",
        "--Studio:Images:Local:VariantLatencies:2=00:00:03",
        "--Studio:Images:Local:VariantLatencies:3=00:00:01.500",
    ];

    private static readonly string[] Fast =
    [
        "--Studio:Images:Local:MedianLatency=00:00:00.010",
        "--Studio:Images:Local:Jitter=00:00:00",
    ];

    [Fact]
    public async Task Four_variants_arrive_in_completion_order_to_the_owner_only_and_stay_private_until_shared()
    {
        await using var server = await StudioServer.StartAsync(extraArgs: OrderedLatencies);
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync("Generation");
        var ann = await api.JoinAsync(session.SessionId, session.HostCode, "Ann");
        var bob = await api.JoinAsync(session.SessionId, session.CollaboratorCode, "Bob");
        await using var annSocket = await SessionSocketClient.ConnectAsync(ann.WsUrl, ann.Token);
        await using var bobSocket = await SessionSocketClient.ConnectAsync(bob.WsUrl, bob.Token);
        await annSocket.WaitForAsync<Welcome>();
        await bobSocket.WaitForAsync<Welcome>();

        await annSocket.SendAsync(new Generate("gen-1", "a red fox in the snow", "16:9", 42, null));
        var accepted = await annSocket.WaitForAsync<GenerationAccepted>();
        Assert.Equal("gen-1", accepted.CommandId);
        Assert.Equal((1344, 768, 42L, 4), (accepted.Width, accepted.Height, accepted.Seed, accepted.VariantCount));

        var storedOrder = new List<int>();
        var stored = new Dictionary<int, VariantProgress>();
        var running = new HashSet<int>();
        while (storedOrder.Count < 4)
        {
            var p = await annSocket.WaitForAsync<VariantProgress>(v => v.GenerationId == accepted.GenerationId && v.Status != VariantStatus.Queued);
            if (p.Status == VariantStatus.Running)
            {
                running.Add(p.VariantIndex);
                continue;
            }

            Assert.Equal(VariantStatus.Stored, p.Status);
            Assert.Contains(p.VariantIndex, running);
            storedOrder.Add(p.VariantIndex);
            stored[p.VariantIndex] = p;
        }

        Assert.Equal([1, 3, 2, 0], storedOrder);
        var done = await annSocket.WaitForAsync<GenerationDone>();
        Assert.Equal((4, 0), (done.StoredCount, done.FailedCount));

        // Journaled updates (every state change; progress percents are ephemeral and reuse the last seq) arrive once each.
        var journaled = annSocket.Received.OfType<VariantProgress>().Where(p => p.Status != VariantStatus.Running || p.Percent == 0).Select(p => p.Seq).ToList();
        Assert.Equal(journaled.Distinct().Count(), journaled.Count);
        Assert.All(stored.Values, p => Assert.Equal((1344, 768), (p.Width, p.Height)));
        Assert.Equal(4, stored.Values.Select(p => p.ImageId).Distinct().Count());

        // The owner reads the original (the exact bytes announced) and the thumbnail.
        var image = stored[1];
        using (var original = await Get(server, $"/api/images/{image.ImageId}?variant=original", ann.Token))
        {
            Assert.Equal(HttpStatusCode.OK, original.StatusCode);
            Assert.Equal("image/png", original.Content.Headers.ContentType?.MediaType);
            Assert.Equal(image.Bytes, (await original.Content.ReadAsByteArrayAsync()).Length);
        }

        using (var thumb = await Get(server, $"/api/images/{image.ImageId}?variant=thumb", ann.Token))
        {
            Assert.Equal(HttpStatusCode.OK, thumb.StatusCode);
            Assert.Equal("image/webp", thumb.Content.Headers.ContentType?.MediaType);
        }

        // Bob saw none of it and can read none of it: 404, as for an id that does not exist.
        Assert.DoesNotContain(bobSocket.Received, m => m is GenerationAccepted or VariantProgress or GenerationDone);
        using (var refused = await Get(server, $"/api/images/{image.ImageId}?variant=thumb", bob.Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        using (var unknown = await Get(server, "/api/images/iaaaaaaaaaaaaaaaaaaaa?variant=thumb", bob.Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var bobTicket = await TicketAsync(api, session.SessionId, bob.Token);
        using (var refusedByTicket = await Get(server, $"/api/images/{image.ImageId}?variant=thumb&ticket={Uri.EscapeDataString(bobTicket)}", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, refusedByTicket.StatusCode);
        }

        var bobLibrary = await JsonAsync(api, HttpMethod.Get, $"/api/sessions/{session.SessionId}/library", bob.Token);
        Assert.Equal(0, bobLibrary.GetProperty("generations").GetArrayLength());
        var annLibrary = await JsonAsync(api, HttpMethod.Get, $"/api/sessions/{session.SessionId}/library", ann.Token);
        var generation = Assert.Single(annLibrary.GetProperty("generations").EnumerateArray());
        Assert.Equal(accepted.GenerationId, generation.GetProperty("generationId").GetString());
        Assert.All(generation.GetProperty("variants").EnumerateArray(), v => Assert.Equal("stored", v.GetProperty("status").GetString()));

        // A double star shares the image once; Bob sees it in the stream and may now read it.
        using (var star1 = await api.SendAsync(HttpMethod.Post, $"/api/images/{image.ImageId}/favorite", ann.Token))
        using (var star2 = await api.SendAsync(HttpMethod.Post, $"/api/images/{image.ImageId}/favorite", ann.Token))
        {
            Assert.Equal(HttpStatusCode.OK, star1.StatusCode);
            Assert.Equal(HttpStatusCode.OK, star2.StatusCode);
        }

        await annSocket.SendAsync(new Favorite("star-socket", image.ImageId!));
        await annSocket.WaitForAsync<Ack>(a => a.CommandId == "star-socket");
        var added = await bobSocket.WaitForAsync<StreamItemAdded>();
        Assert.Equal((image.ImageId, "Ann", "a red fox in the snow"), (added.Item.ImageId, added.Item.OwnerName, added.Item.Prompt));
        var stream = await JsonAsync(api, HttpMethod.Get, $"/api/sessions/{session.SessionId}/stream", bob.Token);
        Assert.Equal(1, stream.GetProperty("items").GetArrayLength());
        Assert.Single(bobSocket.Received.OfType<StreamItemAdded>());
        using (var shared = await Get(server, $"/api/images/{image.ImageId}?variant=thumb&ticket={Uri.EscapeDataString(bobTicket)}", null))
        {
            Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        }

        // Other images of Ann stay private; Bob cannot star them either.
        using (var other = await Get(server, $"/api/images/{stored[0].ImageId}?variant=original", bob.Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        using (var notHis = await api.SendAsync(HttpMethod.Post, $"/api/images/{stored[0].ImageId}/favorite", bob.Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, notHis.StatusCode);
        }

        // Unshare: gone from the stream for everyone, private again.
        using (var unstar = await api.SendAsync(HttpMethod.Delete, $"/api/images/{image.ImageId}/favorite", ann.Token))
        {
            Assert.Equal(HttpStatusCode.OK, unstar.StatusCode);
        }

        var removed = await bobSocket.WaitForAsync<StreamItemRemoved>();
        Assert.Equal((added.Item.ItemId, StreamRemovalReason.UnsharedByOwner), (removed.ItemId, removed.Reason));
        using (var privateAgain = await Get(server, $"/api/images/{image.ImageId}?variant=thumb", bob.Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, privateAgain.StatusCode);
        }
    }

    [Fact]
    public async Task Host_removes_a_shared_item_and_the_owner_is_told_by_the_removal_reason()
    {
        await using var server = await StudioServer.StartAsync(extraArgs: Fast);
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync("Moderated");
        var host = await api.JoinAsync(session.SessionId, session.HostCode, "Teacher");
        var bob = await api.JoinAsync(session.SessionId, session.CollaboratorCode, "Bob");
        await using var bobSocket = await SessionSocketClient.ConnectAsync(bob.WsUrl, bob.Token);
        await bobSocket.WaitForAsync<Welcome>();
        await bobSocket.SendAsync(new Generate("b1", "a cat", "1:1", 7, null));
        var stored = await bobSocket.WaitForAsync<VariantProgress>(p => p.Status == VariantStatus.Stored);
        await bobSocket.SendAsync(new Favorite("b-star", stored.ImageId!));
        var added = await bobSocket.WaitForAsync<StreamItemAdded>();

        // A collaborator may not remove; the host may.
        await bobSocket.SendAsync(new RemoveContent("b-remove", ModerationTarget.StreamItem, added.Item.ItemId));
        var refused = await bobSocket.WaitForAsync<Error>(e => e.CommandId == "b-remove");
        Assert.Equal("forbidden", refused.Code);
        await using var hostSocket = await SessionSocketClient.ConnectAsync(host.WsUrl, host.Token);
        var welcome = await hostSocket.WaitForAsync<Welcome>();
        Assert.Single(welcome.Snapshot!.Stream);
        await hostSocket.SendAsync(new RemoveContent("h-remove", ModerationTarget.StreamItem, added.Item.ItemId));
        await hostSocket.WaitForAsync<Ack>(a => a.CommandId == "h-remove");
        var removed = await bobSocket.WaitForAsync<StreamItemRemoved>();
        Assert.Equal((StreamRemovalReason.RemovedByHost, host.ParticipantId), (removed.Reason, removed.RemovedBy));
        await hostSocket.SendAsync(new RemoveContent("h-remove-2", ModerationTarget.StreamItem, added.Item.ItemId));
        Assert.Equal("not_found", (await hostSocket.WaitForAsync<Error>(e => e.CommandId == "h-remove-2")).Code);
    }

    [Fact]
    public async Task Prompt_limits_and_session_caps_hold_under_concurrent_requests()
    {
        await using var server = await StudioServer.StartAsync(extraArgs:
        [
            .. Fast,
            "--Generation:PromptsPerMinute=3",
            "--Generation:MaxImagesPerSession=20",
        ]);
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync("Limits");
        var ann = await api.JoinAsync(session.SessionId, session.HostCode, "Ann");
        var bob = await api.JoinAsync(session.SessionId, session.CollaboratorCode, "Bob");
        var viewer = await api.JoinAsync(session.SessionId, session.ViewerCode, "Val");

        // Ten prompts at once from Ann: exactly three pass the per-minute limit, the rest get 429 with retryAfter.
        var annResults = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => PostGenerationAsync(api, session.SessionId, ann.Token, "a tree " + i)));
        Assert.Equal(3, annResults.Count(r => r.Status == HttpStatusCode.Accepted));
        Assert.All(annResults.Where(r => r.Status != HttpStatusCode.Accepted), r =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, r.Status);
            Assert.Equal("rate_limited", r.Body.GetProperty("code").GetString());
            Assert.True(r.Body.GetProperty("retryAfter").GetDouble() >= 1);
        });

        // Bob shares the session cap of 20 images (5 generations): 12 used, so exactly 2 more pass.
        var bobResults = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => PostGenerationAsync(api, session.SessionId, bob.Token, "a boat " + i)));
        Assert.Equal(2, bobResults.Count(r => r.Status == HttpStatusCode.Accepted));
        Assert.Contains(bobResults, r => r.Status == HttpStatusCode.Conflict && r.Body.GetProperty("code").GetString() == "quota_exceeded");

        // Bad input and roles.
        var empty = await PostGenerationAsync(api, session.SessionId, ann.Token, "   ");
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_input"), (empty.Status, empty.Body.GetProperty("code").GetString()));
        var tooLong = await PostGenerationAsync(api, session.SessionId, ann.Token, new string('x', 2001));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        var badSize = await PostGenerationAsync(api, session.SessionId, ann.Token, "ok", size: "7:3");
        Assert.Equal(HttpStatusCode.BadRequest, badSize.Status);
        var byViewer = await PostGenerationAsync(api, session.SessionId, viewer.Token, "a viewer's prompt");
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (byViewer.Status, byViewer.Body.GetProperty("code").GetString()));

        var library = await JsonAsync(api, HttpMethod.Get, $"/api/sessions/{session.SessionId}/library", ann.Token);
        Assert.Equal(3, library.GetProperty("generations").GetArrayLength());
    }

    [Fact]
    public async Task A_failed_variant_is_retried_alone_and_iterate_records_the_parent()
    {
        await using var server = await StudioServer.StartAsync(extraArgs: Fast);
        var api = new SessionHttp(server.CreateClient());
        var session = await api.CreateAsync("Retry");
        var ann = await api.JoinAsync(session.SessionId, session.HostCode, "Ann");
        var bob = await api.JoinAsync(session.SessionId, session.CollaboratorCode, "Bob");
        await using var socket = await SessionSocketClient.ConnectAsync(ann.WsUrl, ann.Token);
        await socket.WaitForAsync<Welcome>();

        await socket.SendAsync(new Generate("r1", "a lighthouse [fail:provider_error#2] [fail:safety#3]", "1:1", 1, null));
        var accepted = await socket.WaitForAsync<GenerationAccepted>();
        var done = await socket.WaitForAsync<GenerationDone>(d => d.GenerationId == accepted.GenerationId);
        Assert.Equal((2, 2), (done.StoredCount, done.FailedCount));
        var failures = socket.Received.OfType<VariantProgress>().Where(p => p.Status == VariantStatus.Failed).ToDictionary(p => p.VariantIndex);
        Assert.Equal(("provider_error", true), (failures[2].FailureReason, failures[2].Retryable));
        Assert.Equal(("safety", false), (failures[3].FailureReason, failures[3].Retryable));

        // Safety blocks are final; a provider error may be retried, alone (the injected failure stays, so it fails again).
        await socket.SendAsync(new RetryVariant("r1-retry-3", accepted.GenerationId, 3));
        Assert.Equal("conflict", (await socket.WaitForAsync<Error>(e => e.CommandId == "r1-retry-3")).Code);
        using (var retry = await api.SendAsync(HttpMethod.Post, $"/api/sessions/{session.SessionId}/generations/{accepted.GenerationId}/variants/2/retry", ann.Token))
        {
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        }

        var queued = await socket.WaitForAsync<VariantProgress>(p => p.VariantIndex == 2 && p.Status == VariantStatus.Queued);
        Assert.Equal(accepted.GenerationId, queued.GenerationId);
        var again = await socket.WaitForAsync<VariantProgress>(p => p.VariantIndex == 2 && p.Status == VariantStatus.Failed);
        Assert.True(again.Retryable);
        Assert.DoesNotContain(socket.Received.OfType<VariantProgress>().SkipWhile(p => p != queued), p => p.VariantIndex != 2);

        // Iterate from a stored image: the new generation records its parent.
        var source = socket.Received.OfType<VariantProgress>().First(p => p.Status == VariantStatus.Stored);
        var child = await PostGenerationAsync(api, session.SessionId, ann.Token, "the same lighthouse at night", sourceImageId: source.ImageId);
        Assert.Equal(HttpStatusCode.Accepted, child.Status);
        var childId = child.Body.GetProperty("generationId").GetString();
        await socket.WaitForAsync<GenerationDone>(d => d.GenerationId == childId);
        var library = await JsonAsync(api, HttpMethod.Get, $"/api/sessions/{session.SessionId}/library?limit=1", ann.Token);
        var newest = Assert.Single(library.GetProperty("generations").EnumerateArray());
        Assert.Equal((childId, accepted.GenerationId, source.ImageId), (newest.GetProperty("generationId").GetString(), newest.GetProperty("parentGenerationId").GetString(), newest.GetProperty("sourceImageId").GetString()));
        Assert.Equal("1", library.GetProperty("nextCursor").GetString());
        var older = await JsonAsync(api, HttpMethod.Get, $"/api/sessions/{session.SessionId}/library?limit=1&cursor=1", ann.Token);
        Assert.Equal(accepted.GenerationId, Assert.Single(older.GetProperty("generations").EnumerateArray()).GetProperty("generationId").GetString());

        // Bob cannot iterate from Ann's private image.
        var stolen = await PostGenerationAsync(api, session.SessionId, bob.Token, "mine now", sourceImageId: source.ImageId);
        Assert.Equal(HttpStatusCode.NotFound, stolen.Status);

        // Upload an input image (one of the PNGs) and iterate from it; garbage is refused by its bytes, not its name.
        using var png = await Get(server, $"/api/images/{source.ImageId}?variant=original", ann.Token);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        using var upload = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.SessionId}/uploads") { Content = new ByteArrayContent(bytes) };
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ann.Token);
        using var uploaded = await api.Client.SendAsync(upload);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var uploadJson = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("image/png", uploadJson.GetProperty("contentType").GetString());
        var fromUpload = await PostGenerationAsync(api, session.SessionId, ann.Token, "from my upload", sourceImageId: uploadJson.GetProperty("imageId").GetString());
        Assert.Equal(HttpStatusCode.Accepted, fromUpload.Status);

        using var junk = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.SessionId}/uploads") { Content = new ByteArrayContent("GIF89a not really"u8.ToArray()) };
        junk.Content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        junk.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ann.Token);
        using var refused = await api.Client.SendAsync(junk);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
    }

    private static async Task<HttpResponseMessage> Get(StudioServer server, string path, string? bearer)
    {
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<string> TicketAsync(SessionHttp api, string sessionId, string token)
    {
        var json = await JsonAsync(api, HttpMethod.Post, $"/api/sessions/{sessionId}/image-ticket", token);
        return json.GetProperty("ticket").GetString()!;
    }

    private static async Task<JsonElement> JsonAsync(SessionHttp api, HttpMethod method, string path, string token)
    {
        using var response = await api.SendAsync(method, path, token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostGenerationAsync(SessionHttp api, string sessionId, string token, string prompt, string size = "1:1", string? sourceImageId = null)
    {
        using var response = await api.SendAsync(HttpMethod.Post, $"/api/sessions/{sessionId}/generations", token, new { prompt, size, sourceImageId });
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }
}

using System.Net;
using System.Text.Json;
using ActorStudio.Actors.Generation.Events;
using ActorStudio.Actors.Ports;
using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Actors.Sessions.Features;
using ActorStudio.Node.Storage;
using ActorStudio.Node.Tests.Sessions;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ActorStudio.Node.Tests.Generation;

/// <summary>
/// A node dies while a generation runs (its actors gone, blobs possibly written for an image whose "stored" event
/// never made it to the journal). After the restart on the same journal and blob directory: nothing is left
/// queued or running, the interrupted variants are failed and retryable, the orphan blobs are swept, every stored
/// image is readable, and a retry completes.
/// </summary>
public sealed class GenerationRecoveryTests
{
    [Fact]
    public async Task After_a_crash_nothing_stays_running_no_blob_lacks_its_event_and_a_retry_completes()
    {
        using var data = new TempDirectory("gen-recovery");
        string[] slow =
        [
            "--Studio:Images:Local:VariantLatencies:0=00:00:00",
            "--Studio:Images:Local:VariantLatencies:1=00:05:00",
        ];

        string sessionId, token, generationId, storedImageId;
        var orphanKeys = new List<string>();
        await using (var first = await StudioServer.StartAsync(data.Path, slow))
        {
            // The node's own embedded journal ({dataDir}/journal.db), read back to learn the image ids.
            var journal = first.Services.GetRequiredService<IJournal>();
            var api = new SessionHttp(first.CreateClient());
            var session = await api.CreateAsync("Crash");
            var ann = await api.JoinAsync(session.SessionId, session.HostCode, "Ann");
            (sessionId, token) = (session.SessionId, ann.Token);
            await using var socket = await SessionSocketClient.ConnectAsync(ann.WsUrl, ann.Token);
            await socket.WaitForAsync<Welcome>();
            await socket.SendAsync(new Generate("crash-1", "a storm at sea", "1:1", 5, null));
            generationId = (await socket.WaitForAsync<GenerationAccepted>()).GenerationId;

            // Variants 0 and 2 finish at once; 1 and 3 take minutes: wait until both are running, then "crash".
            var running = new HashSet<int>();
            var stored = new List<VariantProgress>();
            while (running.Count < 2 || stored.Count < 2)
            {
                var p = await socket.WaitForAsync<VariantProgress>(v => v.Status is VariantStatus.Running or VariantStatus.Stored);
                if (p.Status == VariantStatus.Stored)
                {
                    stored.Add(p);
                }
                else if (p.VariantIndex % 2 == 1)
                {
                    running.Add(p.VariantIndex);
                }
            }

            storedImageId = stored[0].ImageId!;

            // The crash window: the provider returned and the blobs were written, but the node died before the
            // "stored" event was journaled. Reproduce exactly that for the running variants' image ids.
            var serializer = first.Services.GetRequiredService<SessionFeatureRegistry>().Serializer;
            var blobs = first.Services.GetRequiredService<IBlobStore>();
            await foreach (var row in journal.ReplayAsync("session-" + sessionId, 1, long.MaxValue, CancellationToken.None))
            {
                if (serializer.Deserialize(row.EventType, row.EventVersion, row.Payload.Span) is GenerationRequested requested)
                {
                    foreach (var index in running)
                    {
                        var original = StorageKeys.Original(sessionId, ann.ParticipantId, requested.ImageIds[index], "png");
                        var thumb = StorageKeys.Thumbnail(sessionId, ann.ParticipantId, requested.ImageIds[index], "webp");
                        await blobs.PutAsync(original, new byte[] { 0x89, 0x50, 0x4E, 0x47 }, new BlobMetadata("image/png", new Dictionary<string, string>()), CancellationToken.None);
                        await blobs.PutAsync(thumb, new byte[] { 1, 2, 3 }, new BlobMetadata("image/webp", new Dictionary<string, string>()), CancellationToken.None);
                        orphanKeys.Add(original);
                        orphanKeys.Add(thumb);
                    }
                }
            }

            Assert.Equal(4, orphanKeys.Count);
        }

        // Same journal, same blob directory, a new node (no actor of the old one survives).
        await using var second = await StudioServer.StartAsync(data.Path, ["--Studio:Images:Local:MedianLatency=00:00:00.010", "--Studio:Images:Local:Jitter=00:00:00"]);
        var api2 = new SessionHttp(second.CreateClient());
        var library = await LibraryAsync(api2, sessionId, token);
        var generation = Assert.Single(library.GetProperty("generations").EnumerateArray());
        var variants = generation.GetProperty("variants").EnumerateArray().ToArray();
        Assert.All(variants, v => Assert.Contains(v.GetProperty("status").GetString(), new[] { "stored", "failed" }));
        Assert.Equal(2, variants.Count(v => v.GetProperty("status").GetString() == "stored"));
        Assert.All(variants.Where(v => v.GetProperty("status").GetString() == "failed"), v => Assert.True(v.GetProperty("retryable").GetBoolean()));

        // No blob without its event: the orphans of the interrupted attempts are swept.
        var blobs2 = second.Services.GetRequiredService<IBlobStore>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await AnyExistsAsync(blobs2, orphanKeys) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(await AnyExistsAsync(blobs2, orphanKeys), "orphan blobs of interrupted variants are still in the store");

        // No event without its blob: every stored image of the library is readable, original and thumbnail.
        foreach (var v in variants.Where(v => v.GetProperty("status").GetString() == "stored"))
        {
            foreach (var variant in new[] { "original", "thumb" })
            {
                using var response = await api2.SendAsync(HttpMethod.Get, $"/api/images/{v.GetProperty("imageId").GetString()}?variant={variant}", token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        Assert.Contains(variants, v => v.GetProperty("imageId").GetString() == storedImageId);

        // A retry of an interrupted variant runs on the new node and completes.
        var failedIndex = variants.First(v => v.GetProperty("status").GetString() == "failed").GetProperty("index").GetInt32();
        using (var retry = await api2.SendAsync(HttpMethod.Post, $"/api/sessions/{sessionId}/generations/{generationId}/variants/{failedIndex}/retry", token))
        {
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        }

        deadline = DateTime.UtcNow.AddSeconds(20);
        string? status;
        do
        {
            await Task.Delay(100);
            var again = await LibraryAsync(api2, sessionId, token);
            status = again.GetProperty("generations")[0].GetProperty("variants")[failedIndex].GetProperty("status").GetString();
        }
        while (status != "stored" && DateTime.UtcNow < deadline);

        Assert.Equal("stored", status);
    }

    private static async Task<bool> AnyExistsAsync(IBlobStore blobs, List<string> keys)
    {
        foreach (var key in keys)
        {
            if (await blobs.ExistsAsync(key, CancellationToken.None))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<JsonElement> LibraryAsync(SessionHttp api, string sessionId, string token)
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"/api/sessions/{sessionId}/library", token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

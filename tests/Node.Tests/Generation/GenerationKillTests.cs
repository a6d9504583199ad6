using System.Net;
using System.Text.Json;
using ActorStudio.Node.Tests.Sessions;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Generation;

/// <summary>kill -9 of a real node process while a generation runs, then a restart on the same data directory.</summary>
public sealed class GenerationKillTests
{
    [Fact]
    public async Task Kill_9_during_a_generation_leaves_nothing_running_and_no_image_without_event_or_event_without_image()
    {
        using var data = new TempDirectory("gen-kill");
        await using var node = await StudioProcess.StartAsync(new StudioProcessOptions
        {
            DataDirectory = data.Path,
            ExtraArgs =
            [
                "--Studio:Images:Local:VariantLatencies:0=00:00:00",
                "--Studio:Images:Local:VariantLatencies:1=00:00:00.300",
                "--Studio:Images:Local:VariantLatencies:2=00:05:00",
            ],
        });
        var api = new SessionHttp(node.CreateClient());
        var session = await api.CreateAsync("Kill");
        var ann = await api.JoinAsync(session.SessionId, session.HostCode, "Ann");
        await using (var socket = await SessionSocketClient.ConnectAsync(ann.WsUrl, ann.Token))
        {
            await socket.WaitForAsync<Welcome>();
            await socket.SendAsync(new Generate("k1", "a city at night", "1:1", 3, null));
            await socket.WaitForAsync<VariantProgress>(p => p.Status == VariantStatus.Stored);

            // Variants are finishing and others still run: SIGKILL, no chance to clean up.
            await node.KillAsync();
        }

        await using var restarted = await node.RestartAsync();
        var api2 = new SessionHttp(restarted.CreateClient());
        using var response = await api2.SendAsync(HttpMethod.Get, $"/api/sessions/{session.SessionId}/library", ann.Token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var variants = JsonDocument.Parse(body).RootElement.GetProperty("generations")[0].GetProperty("variants").EnumerateArray().ToArray();

        // Nothing is left queued or running; what did not finish is failed and retryable.
        Assert.All(variants, v => Assert.Contains(v.GetProperty("status").GetString(), new[] { "stored", "failed" }));
        Assert.Contains(variants, v => v.GetProperty("status").GetString() == "stored");
        Assert.All(variants.Where(v => v.GetProperty("status").GetString() == "failed"), v => Assert.True(v.GetProperty("retryable").GetBoolean()));

        // No event without its image: every stored variant is readable.
        var stored = variants.Where(v => v.GetProperty("status").GetString() == "stored").Select(v => v.GetProperty("imageId").GetString()!).ToHashSet();
        foreach (var imageId in stored)
        {
            using var original = await api2.SendAsync(HttpMethod.Get, $"/api/images/{imageId}?variant=original", ann.Token);
            using var thumb = await api2.SendAsync(HttpMethod.Get, $"/api/images/{imageId}?variant=thumb", ann.Token);
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (original.StatusCode, thumb.StatusCode));
        }

        // No image without its event: once the recovery sweep ran, every original on disk belongs to a stored variant.
        var originals = Path.Combine(data.Path, "blobs", "originals", session.SessionId);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        List<string> unknown;
        do
        {
            unknown = Directory.Exists(originals)
                ? Directory.EnumerateFiles(originals, "*.png", SearchOption.AllDirectories).Select(Path.GetFileNameWithoutExtension).Where(id => !stored.Contains(id!)).Select(id => id!).ToList()
                : [];
            if (unknown.Count > 0)
            {
                await Task.Delay(100);
            }
        }
        while (unknown.Count > 0 && DateTime.UtcNow < deadline);

        Assert.Empty(unknown);
        Assert.Equal(stored.Count, Directory.EnumerateFiles(originals, "*.png", SearchOption.AllDirectories).Count());
    }
}

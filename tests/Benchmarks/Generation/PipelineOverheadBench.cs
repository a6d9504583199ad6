using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using ActorStudio.Actors.Ports;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Frames;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ActorStudio.Benchmarks.Generation;

/// <summary>
/// Generation pipeline overhead, end to end in a real node: from the moment the provider hands back the bytes of a
/// 1024x1024 PNG to the moment the owner's WebSocket receives "stored" — thumbnail (libvips), both blob writes, the
/// session's journal append, the fan-out and the socket included. The provider is the local generator with zero
/// latency, wrapped to timestamp its return; the client runs in the same process, so one Stopwatch clock serves both.
/// Run: dotnet run -c Release --project tests/Benchmarks -- generation-overhead [generations=50] [staggerMs=0] [prerendered]
/// </summary>
public static class PipelineOverheadBench
{
    public static async Task RunAsync(string[] args)
    {
        var generations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 50;

        // Optional stagger (ms): variant i's provider call takes i x stagger, as a real provider's four calls return at
        // different moments. 0 (the default) returns all four at once: the four pictures are drawn and thumbnailed
        // together on the two cores, the worst case for each sample.
        var staggerMs = args.Length > 1 && int.TryParse(args[1], out var st) ? st : 0;

        // "prerendered": the local generator draws each variant's picture once; later calls hand back those bytes, so
        // the node's CPU goes to the pipeline alone, as with a remote provider (which draws on its own machines).
        var prerendered = args.Length > 2 && args[2] == "prerendered";
        var returnedAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        List<string> serverArgs =
        [
            "--Studio:Images:Local:MedianLatency=00:00:00",
            "--Studio:Images:Local:Jitter=00:00:00",
            "--Generation:PromptsPerMinute=100000",
            "--Generation:ImagesPerHour=100000",
            "--Logging:LogLevel:Default=Warning",
        ];
        for (var i = 0; i < 4 && staggerMs > 0 && !prerendered; i++)
        {
            serverArgs.Add($"--Studio:Images:Local:VariantLatencies:{i}={TimeSpan.FromMilliseconds(i * staggerMs):c}");
        }

        await using var server = await StudioServer.StartAsync(
            extraArgs: serverArgs,
            configureServices: builder =>
            {
                var inner = builder.Services.First(d => d.ServiceType == typeof(IImageProvider));
                builder.Services.Remove(inner);
                builder.Services.AddSingleton<IImageProvider>(sp => new TimestampingProvider(prerendered ? staggerMs : null, 
                    (IImageProvider)(inner.ImplementationInstance
                        ?? inner.ImplementationFactory?.Invoke(sp)
                        ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)), returnedAt));
            });

        using var http = server.CreateClient();
        using var created = await http.PostAsJsonAsync("/api/sessions", new { title = "Bench" });
        var session = await created.Content.ReadFromJsonAsync<JsonElement>();
        var sessionId = session.GetProperty("sessionId").GetString()!;
        using var joined = await http.PostAsJsonAsync($"/api/sessions/{sessionId}/join", new { code = session.GetProperty("codes").GetProperty("host").GetString(), displayName = "Bench" });
        var join = await joined.Content.ReadFromJsonAsync<JsonElement>();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(join.GetProperty("wsUrl").GetString()!), CancellationToken.None);
        await SendAsync(socket, new Hello(ProtocolVersion.Current, join.GetProperty("token").GetString()!, null));

        var samples = new List<double>(generations * 4);
        var buffer = new byte[1 << 20];
        for (var g = 0; g < generations + 2; g++)
        {
            var prompt = $"overhead probe {g}";
            await SendAsync(socket, new Generate("bench-" + g, prompt, "1:1", g, null));
            var stored = 0;
            while (stored < 4)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += result.Count;
                }
                while (!result.EndOfMessage);

                var received = Stopwatch.GetTimestamp();
                foreach (var message in FrameReader.ReadServerFrame(buffer.AsSpan(0, count)))
                {
                    if (message is VariantProgress { Status: VariantStatus.Stored } p)
                    {
                        stored++;
                        if (g >= 2 && returnedAt.TryRemove(prompt + "#" + p.VariantIndex, out var at))
                        {
                            // The first two generations warm up JIT, libvips and the journal; they are not counted.
                            samples.Add(Stopwatch.GetElapsedTime(at, received).TotalMilliseconds);
                        }
                    }
                    else if (message is VariantProgress { Status: VariantStatus.Failed } or Error)
                    {
                        throw new InvalidOperationException("The bench generation failed: " + message);
                    }
                }
            }
        }

        samples.Sort();
        Console.WriteLine($"Generation pipeline overhead, provider bytes -> owner's socket 'stored' (1024x1024 PNG, {samples.Count} variants, 4 concurrent per generation, provider calls staggered by {staggerMs} ms{(prerendered ? ", pictures drawn once" : "")}):");
        Console.WriteLine($"  p50 {Percentile(samples, 0.50):F1} ms   p90 {Percentile(samples, 0.90):F1} ms   p99 {Percentile(samples, 0.99):F1} ms   max {samples[^1]:F1} ms");
    }

    private static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static async Task SendAsync(ClientWebSocket socket, ClientCommand command)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteClientCommand(buffer, command);
        await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Binary, true, CancellationToken.None);
    }

    /// <summary>The real provider, with the moment it handed the bytes back recorded per (prompt, variant).</summary>
    /// <param name="prerenderedStaggerMs">Null: every call draws. Otherwise each variant's picture is drawn once and later
    /// calls return it after variant x this many ms.</param>
    private sealed class TimestampingProvider(int? prerenderedStaggerMs, IImageProvider inner, ConcurrentDictionary<string, long> returnedAt) : IImageProvider
    {
        private readonly ConcurrentDictionary<int, ProvidedImage> drawn = new();

        public string Name => inner.Name;

        public async Task<ProvidedImage> GenerateAsync(ImageRequest request, IProgress<int>? progress, CancellationToken cancellationToken)
        {
            ProvidedImage image;
            if (prerenderedStaggerMs is { } stagger)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(request.Variant * stagger), cancellationToken).ConfigureAwait(false);
                if (!drawn.TryGetValue(request.Variant, out image!))
                {
                    image = drawn[request.Variant] = await inner.GenerateAsync(request, progress, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                image = await inner.GenerateAsync(request, progress, cancellationToken).ConfigureAwait(false);
            }

            returnedAt[request.Prompt + "#" + request.Variant] = Stopwatch.GetTimestamp();
            return image;
        }
    }
}

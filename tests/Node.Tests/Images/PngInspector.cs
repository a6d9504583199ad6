using System.Diagnostics;
using System.Text.Json;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Images;

/// <summary>What tests/js/png-inspect.mjs (node's zlib, independent of our encoder) found in a PNG.</summary>
internal sealed record PngInspection(int Width, int Height, int DistinctColors, int[] MeanRgb, string PixelSha256)
{
    public static async Task<PngInspection> RunAsync(byte[] png)
    {
        var file = Path.Combine(Path.GetTempPath(), $"actorstudio-png-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, png);
        try
        {
            var script = Path.Combine(TestPaths.RepositoryRoot, "tests", "js", "png-inspect.mjs");
            var start = new ProcessStartInfo("node", [script, file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started (is nodejs installed?)");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"png-inspect.mjs failed: {await stderr}");
            var json = JsonDocument.Parse(await stdout).RootElement;
            return new PngInspection(
                json.GetProperty("width").GetInt32(),
                json.GetProperty("height").GetInt32(),
                json.GetProperty("distinctColors").GetInt32(),
                [.. json.GetProperty("meanRgb").EnumerateArray().Select(e => e.GetInt32())],
                json.GetProperty("pixelSha256").GetString()!);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

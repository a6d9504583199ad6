namespace ActorStudio.Node.Hosting;

/// <summary>The data directory must exist and take writes: the embedded journal and local blobs live there.</summary>
public sealed class DataDirectoryReadinessCheck(StudioPaths paths) : IReadinessCheck
{
    public string Name => "data-directory";

    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(paths.DataDirectory))
        {
            return ReadinessResult.NotReady($"{paths.DataDirectory} does not exist");
        }

        var probe = Path.Combine(paths.DataDirectory, $".readyz-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(probe, [1], cancellationToken).ConfigureAwait(false);
            return ReadinessResult.Ready();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ReadinessResult.NotReady($"{paths.DataDirectory} is not writable: {ex.Message}");
        }
        finally
        {
            TryDelete(probe);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The probe file is harmless; the failure that matters was reported above.
        }
    }
}

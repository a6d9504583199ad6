using System.Diagnostics;

namespace ActorStudio.TestSupport;

/// <summary>The outcome of one node run.</summary>
public sealed record NodeScriptResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs a node script from the repository (usually tests/js/*.mjs) with text on stdin and returns what it printed.
/// Fails loudly (never skips) when node or the root node_modules are missing, so a machine without them cannot
/// pass a test by accident.
/// </summary>
public static class NodeScript
{
    /// <summary>
    /// Runs <c>node &lt;script&gt; args...</c> in the repository root. <paramref name="scriptPath"/> is relative to the
    /// repository root or absolute. Throws when node is missing, node_modules is missing, the run times out, or
    /// (with <paramref name="requireSuccess"/>) node exits non-zero.
    /// </summary>
    public static async Task<NodeScriptResult> RunAsync(
        string scriptPath,
        string standardInput,
        TimeSpan timeout,
        IReadOnlyList<string>? arguments = null,
        bool requireSuccess = true,
        CancellationToken cancellationToken = default)
    {
        var root = TestPaths.RepositoryRoot;
        var script = Path.IsPathRooted(scriptPath) ? scriptPath : Path.Combine(root, scriptPath);
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Node script not found: {script}");
        }

        if (!Directory.Exists(Path.Combine(root, "node_modules")))
        {
            throw new InvalidOperationException(
                $"node_modules is missing in {root}. Run `npm ci` (scripts/test.sh does) before the tests.");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("node (version 20 or later) is not on PATH; install Debian's nodejs package.", ex);
        }

        using (process)
        using (var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeoutSource.CancelAfter(timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
            try
            {
                await process.StandardInput.WriteAsync(standardInput.AsMemory(), timeoutSource.Token);
                process.StandardInput.Close();
                await process.WaitForExitAsync(timeoutSource.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"node {Path.GetFileName(script)} did not finish within {timeout}.");
            }

            var result = new NodeScriptResult(process.ExitCode, await stdout, await stderr);
            if (requireSuccess && result.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"node {Path.GetFileName(script)} exited with {result.ExitCode}.\nstderr:\n{result.StandardError}\nstdout:\n{Truncate(result.StandardOutput)}");
            }

            return result;
        }
    }

    private static string Truncate(string text) => text.Length <= 4000 ? text : text[..4000] + "…";
}

using System.Diagnostics;
using System.Text;

namespace ActorStudio.TestSupport;

/// <summary>
/// Runs a node script from <c>tests/js</c> with JSON on stdin and returns its stdout. Fails loudly (never skips)
/// when node or the npm packages are missing, with the command that fixes it.
/// </summary>
public static class NodeProcessRunner
{
    public static async Task<string> RunScriptAsync(string scriptName, string stdin, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var root = TestPaths.RepositoryRoot;
        var script = Path.Combine(root, "tests", "js", scriptName);
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"node script {script} does not exist");
        }

        if (!Directory.Exists(Path.Combine(root, "node_modules")))
        {
            throw new InvalidOperationException($"{root}/node_modules is missing: run `npm ci` in the repository root");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(script);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("node (>= 20) is not on PATH; install nodejs to run these tests", ex);
        }

        using (process)
        using (var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeoutSource.CancelAfter(timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
            await process.StandardInput.WriteAsync(stdin.AsMemory(), timeoutSource.Token);
            process.StandardInput.Close();
            try
            {
                await process.WaitForExitAsync(timeoutSource.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"node {scriptName} did not finish within {timeout}");
            }

            var output = await stdout;
            var errors = await stderr;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"node {scriptName} exited with {process.ExitCode}: {errors}");
            }

            return output;
        }
    }
}

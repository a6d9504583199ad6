using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace ActorStudio.TestSupport;

/// <summary>
/// The real node as a separate OS process (<c>dotnet ActorStudio.Node.dll --urls … --data-dir …</c>), so tests can
/// kill -9 it, pause it, stop it with SIGTERM and start it again on the same port and data directory.
/// Its stdout (JSON logs, since it is redirected) and stderr are captured line by line.
/// A temp data directory it created is deleted on dispose (ownership follows <see cref="RestartAsync"/>); a given one is kept.
/// </summary>
public sealed class StudioProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private bool _ownsDataDirectory;

    private StudioProcess(Process process, StudioProcessOptions options, int port, string dataDirectory)
    {
        _process = process;
        Options = options;
        Port = port;
        DataDirectory = dataDirectory;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public StudioProcessOptions Options { get; }

    public int Port { get; }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Lines the node wrote to stdout so far.</summary>
    public IReadOnlyList<string> StandardOutput => [.. _stdout];

    public IReadOnlyList<string> StandardError => [.. _stderr];

    /// <summary>Path of the node binary the tests run: the build output of src/Node in this test run's configuration.</summary>
    public static string NodeAssemblyPath
    {
        get
        {
            var configuration = typeof(StudioProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var path = Path.Combine(TestPaths.RepositoryRoot, "src", "Node", "bin", configuration, "net10.0", "ActorStudio.Node.dll");
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"The node is not built: {path} is missing. Run `dotnet build src/Node -c {configuration}` first.");
            }

            return path;
        }
    }

    /// <summary>Starts the node and waits until <c>/healthz</c> answers 200 (fails with its output if it exits or hangs).</summary>
    public static async Task<StudioProcess> StartAsync(StudioProcessOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new StudioProcessOptions();
        var port = options.Port ?? FreePort.Next();
        var ownsDataDirectory = options.DataDirectory is null;
        var dataDirectory = options.DataDirectory ?? Directory.CreateTempSubdirectory("studio-proc-").FullName;
        options = options with { Port = port, DataDirectory = dataDirectory };

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = options.WorkingDirectory ?? TestPaths.RepositoryRoot,
        };
        start.ArgumentList.Add(NodeAssemblyPath);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        if (options.PassDataDirectoryAsArgument)
        {
            start.ArgumentList.Add("--data-dir");
            start.ArgumentList.Add(dataDirectory);
        }

        foreach (var arg in options.ExtraArgs)
        {
            start.ArgumentList.Add(arg);
        }

        // A clean environment for the settings the node reads, so the machine's own cannot leak in.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("STUDIO_DATA_DIR");
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in options.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var node = new StudioProcess(process, options, port, dataDirectory) { _ownsDataDirectory = ownsDataDirectory };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { node._stdout.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { node._stderr.Enqueue(e.Data); } };
        if (!process.Start())
        {
            throw new InvalidOperationException("dotnet did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await node.WaitHealthyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return node;
    }

    /// <summary>Starts a new node process on the same port, data directory and settings (after a kill or stop).</summary>
    public Task<StudioProcess> RestartAsync(CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            throw new InvalidOperationException("Stop or kill the node before restarting it.");
        }

        return RestartCoreAsync(cancellationToken);
    }

    private async Task<StudioProcess> RestartCoreAsync(CancellationToken cancellationToken)
    {
        var next = await StartAsync(Options, cancellationToken).ConfigureAwait(false);

        // The temp data directory now belongs to the new process: disposing this one must not delete it.
        next._ownsDataDirectory = _ownsDataDirectory;
        _ownsDataDirectory = false;
        return next;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public Uri WebSocketUri(string path) => new UriBuilder(new Uri(BaseAddress, path)) { Scheme = "ws" }.Uri;

    /// <summary>Sends a POSIX signal: <see cref="UnixSignal.Stop"/>/<see cref="UnixSignal.Cont"/> pause and resume it.</summary>
    public void Signal(UnixSignal signal) => UnixSignals.Send(_process.Id, signal);

    /// <summary>kill -9: no shutdown code runs.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            Signal(UnixSignal.Kill);
        }

        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SIGTERM and wait for a graceful exit; returns the exit code (kills it if it overruns <paramref name="timeout"/>).</summary>
    public async Task<int> StopAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            Signal(UnixSignal.Term);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await KillAsync(cancellationToken).ConfigureAwait(false);
            throw new TimeoutException($"The node did not exit within {timeout} of SIGTERM.\n{Describe()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Its captured output, for assertion messages.</summary>
    public string Describe() =>
        $"node pid {(_process.HasExited ? "exited" : "running")}, port {Port}, data {DataDirectory}\n--- stdout ---\n"
        + string.Join('\n', _stdout.TakeLast(80)) + "\n--- stderr ---\n" + string.Join('\n', _stderr.TakeLast(40));

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.StartNew();
        while (started.Elapsed < StartTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                throw new InvalidOperationException($"The node exited with code {_process.ExitCode} before it was healthy.\n{Describe()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A 2 s probe timed out: the node is busy starting.
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"The node was not healthy within {StartTimeout}.\n{Describe()}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // A paused node ignores SIGTERM until resumed; SIGKILL works either way and tests want no leftovers.
                Signal(UnixSignal.Kill);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _process.Dispose();
            if (_ownsDataDirectory)
            {
                try
                {
                    Directory.Delete(DataDirectory, recursive: true);
                }
                catch (Exception ex) when (ex is IOException or DirectoryNotFoundException)
                {
                }
            }
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace ActorStudio.TestSupport;

/// <summary>
/// A real S3 server on loopback (npm's s3rver, from the repository's node_modules) with a "studio" bucket, started
/// once per test class (xunit class fixture) in a throwaway directory and killed at the end. Missing node or s3rver
/// fails the test with a clear message; nothing is skipped.
/// </summary>
public sealed class S3rverServer : IAsyncLifetime
{
    public const string Bucket = "studio";
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly StringBuilder _output = new();
    private Process? _process;
    private string? _directory;

    public int Port { get; private set; }

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        var script = Path.Combine(TestPaths.RepositoryRoot, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"s3rver is missing ({script}): run `npm ci` (or `npm install`) at the repository root.");
        }

        _directory = Directory.CreateTempSubdirectory("actorstudio-s3rver-").FullName;
        Port = FreePort();
        var start = new ProcessStartInfo("node", [script, "-d", _directory, "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--configure-bucket", Bucket])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("node is not installed (Debian package nodejs): s3rver cannot run.", e);
        }

        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"s3rver exited with code {_process.ExitCode}: {Output}");
            }

            try
            {
                // The bucket answers once s3rver has configured it.
                using var response = await http.GetAsync($"{ServiceUrl}/{Bucket}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"s3rver did not answer on {ServiceUrl} within 20 s: {Output}");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // best effort clean-up of a temp directory
            }
        }

        return Task.CompletedTask;
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace ActorStudio.TestSupport;

/// <summary>
/// A THROWAWAY PostgreSQL 15 cluster on a free loopback port, for tests: initdb in a temp dir (trust auth), pg_ctl
/// start, a fresh database per caller (<see cref="CreateDatabaseAsync"/>), stopped and deleted on dispose.
/// Use it as an xunit class or collection fixture. Fails loudly (never skips) when PostgreSQL 15 is not installed.
/// When the process runs as root the server runs as the 'postgres' user (initdb refuses root).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private string? _root;
    private int _databaseCounter;

    /// <summary>True (default): fsync and synchronous_commit on, like production (benchmarks rely on it).
    /// False: both off, for suites that only need a fast scratch database.</summary>
    public bool Durable { get; init; } = true;

    public int Port { get; private set; }

    public string DataDirectory => Path.Combine(_root ?? throw NotStarted(), "data");

    /// <summary>Connection string to the 'postgres' maintenance database.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=64;Include Error Detail=true";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed: {BinDirectory}/initdb is missing. Install the Debian package 'postgresql-15' (scripts/test.sh does).");
        }

        _root = Directory.CreateTempSubdirectory("actorstudio-pg-").FullName;
        Port = FreeLoopbackPort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", _root]).ConfigureAwait(false);
        }

        await RunPgAsync(asRoot, "initdb", ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]).ConfigureAwait(false);
        var options = $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB"
            + (Durable ? string.Empty : " -c fsync=off -c synchronous_commit=off");
        await RunPgAsync(asRoot, "pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-o", options, "start"]).ConfigureAwait(false);
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "test_" + Interlocked.Increment(ref _databaseCounter).ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    public async Task DisposeAsync()
    {
        if (_root is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunPgAsync(Environment.UserName == "root", "pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
            _root = null;
        }
    }

    private static Task RunPgAsync(bool asRoot, string tool, IReadOnlyList<string> args)
    {
        var executable = Path.Combine(BinDirectory, tool);
        return asRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", executable, .. args])
            : RunAsync(executable, args);
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', args)} failed with exit code {process.ExitCode}: {await stderr.ConfigureAwait(false)} {await stdout.ConfigureAwait(false)}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static InvalidOperationException NotStarted() => new("The PostgreSQL test server has not been started.");
}

using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Cluster;

/// <summary>
/// Three (or more) real node processes in cluster mode on loopback, one fresh database on the shared throwaway
/// PostgreSQL, one shared token key, a short lease so failover tests stay quick.
/// </summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    private readonly StudioProcess?[] _nodes;

    private ClusterHarness(StudioProcess?[] nodes, string connectionString, TimeSpan lease)
    {
        _nodes = nodes;
        ConnectionString = connectionString;
        LeaseDuration = lease;
    }

    public string ConnectionString { get; }

    public TimeSpan LeaseDuration { get; }

    public int Count => _nodes.Length;

    public StudioProcess this[int index] => _nodes[index] ?? throw new InvalidOperationException($"node-{index} is not running.");

    public static string NodeId(int index) => "node-" + index;

    public static async Task<ClusterHarness> StartAsync(PostgresServer postgres, int count = 3, TimeSpan? lease = null, params string[] extraArgs)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var leaseDuration = lease ?? TimeSpan.FromSeconds(5);
        var tokenKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var starts = new Task<StudioProcess>[count];
        for (var i = 0; i < count; i++)
        {
            var port = FreePort.Next();
            string[] args =
            [
                "--Studio:Mode=cluster",
                "--Studio:Postgres:ConnectionString=" + connectionString,
                "--Studio:Cluster:NodeId=" + NodeId(i),
                $"--Studio:Cluster:PublicUrl=http://127.0.0.1:{port}",
                "--Studio:Cluster:LeaseDuration=" + leaseDuration.ToString("c"),
                "--Studio:Cluster:HandoffTimeout=00:00:10",
                "--Sessions:TokenKey=" + tokenKey,
                "--Sessions:ChatPerSecond=50",
                "--Sessions:ChatBurst=50",
                "--Sessions:PassivateAfter=00:05:00",
                .. extraArgs,
            ];
            starts[i] = StudioProcess.StartAsync(new StudioProcessOptions { Port = port, ExtraArgs = args });
        }

        var nodes = new StudioProcess?[count];
        for (var i = 0; i < count; i++)
        {
            nodes[i] = await starts[i];
        }

        var harness = new ClusterHarness(nodes, connectionString, leaseDuration);
        await harness.WaitAllRegisteredAsync();
        return harness;
    }

    /// <summary>Every running node sees every running node as live in the registry.</summary>
    public async Task WaitAllRegisteredAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var expected = RunningIndexes().Select(NodeId).ToHashSet();
            var ok = true;
            foreach (var i in RunningIndexes())
            {
                var status = await TryStatusAsync(i);
                var live = status?.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("live").GetBoolean() && !n.GetProperty("draining").GetBoolean())
                    .Select(n => n.GetProperty("nodeId").GetString()!).ToHashSet();
                ok &= live is not null && expected.IsSubsetOf(live);
            }

            if (ok)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The nodes did not all register:\n" + string.Join("\n", RunningIndexes().Select(i => this[i].Describe())));
            }

            await Task.Delay(200);
        }
    }

    public IEnumerable<int> RunningIndexes()
    {
        for (var i = 0; i < _nodes.Length; i++)
        {
            if (_nodes[i] is { HasExited: false })
            {
                yield return i;
            }
        }
    }

    public int IndexOfPort(int port)
    {
        for (var i = 0; i < _nodes.Length; i++)
        {
            if (_nodes[i]?.Port == port)
            {
                return i;
            }
        }

        return -1;
    }

    public async Task<JsonElement?> TryStatusAsync(int index)
    {
        try
        {
            using var client = this[index].CreateClient();
            client.Timeout = TimeSpan.FromSeconds(3);
            return await client.GetFromJsonAsync<JsonElement>("/api/cluster");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return null;
        }
    }

    public async Task<JsonElement> StatusAsync(int index) =>
        await TryStatusAsync(index) ?? throw new InvalidOperationException($"node-{index} did not answer /api/cluster.\n{this[index].Describe()}");

    /// <summary>Index of the node holding the lease of <paramref name="sessionId"/> (by asking each running node).</summary>
    public async Task<int> OwnerOfAsync(string sessionId)
    {
        foreach (var i in RunningIndexes())
        {
            var status = await TryStatusAsync(i);
            if (status is { } s && s.GetProperty("sessions").EnumerateArray().Any(e => e.GetString() == sessionId))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Warnings and errors of every node (for assertion messages).</summary>
    public string Problems(int max = 40)
    {
        var lines = new List<string>();
        for (var i = 0; i < _nodes.Length; i++)
        {
            if (_nodes[i] is { } node)
            {
                lines.AddRange(node.StandardOutput.Concat(node.StandardError)
                    .Where(l => l.Contains("\"Warning\"", StringComparison.Ordinal) || l.Contains("\"Error\"", StringComparison.Ordinal) || l.Contains("fail", StringComparison.OrdinalIgnoreCase))
                    .TakeLast(max).Select(l => $"node-{i}: {(l.Length > 600 ? l[..600] : l)}"));
            }
        }

        return string.Join('\n', lines);
    }

    public async Task RestartAsync(int index)
    {
        var old = this[index];
        _nodes[index] = await old.RestartAsync();
        await old.DisposeAsync();
    }

    public async Task KillAsync(int index) => await this[index].KillAsync();

    public async Task<int> StopAsync(int index, TimeSpan timeout) => await this[index].StopAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (node is not null)
            {
                try
                {
                    node.Signal(UnixSignal.Cont);
                }
                catch (Exception)
                {
                    // Already gone.
                }

                await node.DisposeAsync();
            }
        }
    }
}

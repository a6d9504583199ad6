using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.Cluster;

/// <summary>One throwaway PostgreSQL for the cluster tests (fsync off: these tests kill nodes, never the database).</summary>
public sealed class ClusterPostgres : IAsyncLifetime
{
    public PostgresServer Server { get; } = new() { Durable = false };

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}

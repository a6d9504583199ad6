using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Cluster;
using ActorStudio.Node.Persistence;
using Npgsql;

namespace ActorStudio.Node.Tests.Cluster;

/// <summary>
/// The lease mechanics against a real PostgreSQL, two "nodes" in one process: exactly one owner, takeover only after
/// expiry with a higher epoch, the journal refusing the old owner's writes, renewal telling the old owner it lost.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LeaseFencingTests(ClusterPostgres postgres)
{
    [Fact]
    public async Task Expired_lease_is_taken_over_with_a_higher_epoch_and_the_old_owner_is_fenced()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        await PostgresSchema.MigrateAsync(dataSource);
        await ClusterSchema.MigrateAsync(dataSource, CancellationToken.None);
        var options = new ClusterOptions { LeaseDuration = TimeSpan.FromSeconds(1) };
        var a = new ClusterDirectory(dataSource, new NodeIdentity("a", new Uri("http://127.0.0.1:1")), options);
        var b = new ClusterDirectory(dataSource, new NodeIdentity("b", new Uri("http://127.0.0.1:2")), options);
        await a.RegisterAsync(CancellationToken.None);
        await b.RegisterAsync(CancellationToken.None);
        await using var journal = new PostgresJournal(dataSource);
        const string session = "AAAAAAAAAAAAAAAA";
        var pid = ClusterDirectory.SessionPersistenceId(session);

        var epochA = await a.TryAcquireAsync(session, CancellationToken.None);
        Assert.NotNull(epochA);
        Assert.Equal(epochA, await a.TryAcquireAsync(session, CancellationToken.None)); // re-entrant: same epoch
        Assert.Null(await b.TryAcquireAsync(session, CancellationToken.None));          // valid lease: refused
        var lease = await b.FindLeaseAsync(session, CancellationToken.None);
        Assert.Equal("a", lease!.NodeId);
        Assert.Equal("http://127.0.0.1:1", lease.OwnerPublicUrl);

        await journal.RaiseWriterEpochAsync(pid, epochA!.Value, CancellationToken.None);
        await journal.AppendAsync(new AppendRequest(pid, epochA.Value, [Event(1)]), CancellationToken.None);

        await Task.Delay(TimeSpan.FromMilliseconds(1300)); // a stops renewing (paused): its lease runs out
        var epochB = await b.TryAcquireAsync(session, CancellationToken.None);
        Assert.NotNull(epochB);
        Assert.True(epochB > epochA, $"takeover epoch {epochB} must exceed {epochA}");
        await journal.RaiseWriterEpochAsync(pid, epochB!.Value, CancellationToken.None); // what recovery does

        // The old owner wakes up: its append is refused, its renewal reports the loss.
        await Assert.ThrowsAsync<StaleWriterEpochException>(() => journal.AppendAsync(new AppendRequest(pid, epochA.Value, [Event(2)]), CancellationToken.None));
        Assert.Empty(await a.RenewAsync([session], CancellationToken.None));
        Assert.Equal([session], await b.RenewAsync([session], CancellationToken.None));
        await journal.AppendAsync(new AppendRequest(pid, epochB.Value, [Event(2)]), CancellationToken.None);

        // Released leases keep their epoch: the next owner goes higher still, even for a fresh lease row history.
        await a.ReleaseAsync(session, CancellationToken.None); // not a's any more: no effect
        Assert.Equal("b", (await a.FindLeaseAsync(session, CancellationToken.None))!.NodeId);
        await b.ReleaseAsync(session, CancellationToken.None);
        var epochA2 = await a.TryAcquireAsync(session, CancellationToken.None);
        Assert.True(epochA2 > epochB);
    }

    [Fact]
    public async Task Concurrent_acquisitions_of_one_free_lease_have_exactly_one_winner()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        await PostgresSchema.MigrateAsync(dataSource);
        await ClusterSchema.MigrateAsync(dataSource, CancellationToken.None);
        var options = new ClusterOptions { LeaseDuration = TimeSpan.FromSeconds(30) };
        var nodes = Enumerable.Range(0, 8).Select(i => new ClusterDirectory(dataSource, new NodeIdentity("n" + i, new Uri($"http://127.0.0.1:{1000 + i}")), options)).ToList();
        for (var round = 0; round < 20; round++)
        {
            var session = "S" + round.ToString("D15", System.Globalization.CultureInfo.InvariantCulture);
            var results = await Task.WhenAll(nodes.Select(n => n.TryAcquireAsync(session, CancellationToken.None)));
            Assert.Equal(1, results.Count(r => r is not null));
        }
    }

    private static JournalEvent Event(long seq) => new(seq, "test", 1, new byte[] { 1 });
}

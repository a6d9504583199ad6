using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Persistence;
using ActorStudio.TestSupport;
using Npgsql;

namespace ActorStudio.Node.Tests.Persistence;

/// <summary>A journal written by the v1 schema opens under the current one with every row kept, persistence ids
/// compared bytewise, and the single-writer guarantees still enforced.</summary>
public sealed class PostgresSchemaMigrationTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task AVersionOneJournalIsMigratedWithEveryRowKeptAndBytewiseIds()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await using (var v1 = dataSource.CreateCommand("""
            CREATE TABLE schema_version (component text PRIMARY KEY, version integer NOT NULL);
            CREATE TABLE journal (
                ordering bigint GENERATED ALWAYS AS IDENTITY,
                persistence_id text NOT NULL,
                sequence_nr bigint NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                writer_epoch bigint NOT NULL,
                event_type text NOT NULL,
                event_version integer NOT NULL,
                payload bytea NOT NULL,
                PRIMARY KEY (persistence_id, sequence_nr)
            );
            CREATE UNIQUE INDEX journal_ordering_idx ON journal (ordering);
            CREATE TABLE journal_streams (
                persistence_id text PRIMARY KEY,
                highest_sequence_nr bigint NOT NULL,
                writer_epoch bigint NOT NULL
            );
            CREATE TABLE snapshots (
                persistence_id text NOT NULL,
                sequence_nr bigint NOT NULL,
                created_at timestamptz NOT NULL,
                state_type text NOT NULL,
                state_version integer NOT NULL,
                payload bytea NOT NULL,
                PRIMARY KEY (persistence_id, sequence_nr)
            );
            INSERT INTO schema_version VALUES ('journal', 1);
            INSERT INTO journal (persistence_id, sequence_nr, writer_epoch, event_type, event_version, payload) VALUES
                ('a', 1, 7, 'created', 2, '\x010203'), ('B', 1, 0, 'other', 1, '\x'), ('a', 2, 7, 'renamed', 1, '\x04');
            INSERT INTO journal_streams VALUES ('a', 2, 7), ('B', 1, 0);
            INSERT INTO snapshots VALUES ('a', 2, now(), 'state', 1, '\x09');
            """))
        {
            await v1.ExecuteNonQueryAsync();
        }

        await PostgresSchema.MigrateAsync(dataSource);
        await PostgresSchema.MigrateAsync(dataSource); // idempotent at the current version

        await using (var version = dataSource.CreateCommand("SELECT version FROM schema_version WHERE component = 'journal'"))
        {
            Assert.Equal(2, await version.ExecuteScalarAsync());
        }

        await using (var collations = dataSource.CreateCommand("""
            SELECT count(*) FROM information_schema.columns
            WHERE column_name = 'persistence_id' AND table_name IN ('journal', 'journal_streams', 'snapshots') AND collation_name = 'C'
            """))
        {
            Assert.Equal(3L, await collations.ExecuteScalarAsync());
        }

        await using (var order = dataSource.CreateCommand("SELECT string_agg(persistence_id, ',' ORDER BY persistence_id) FROM journal_streams"))
        {
            Assert.Equal("B,a", await order.ExecuteScalarAsync()); // bytewise: upper case first
        }

        await using var journal = new PostgresJournal(dataSource);
        var a = new List<PersistedEvent>();
        await foreach (var e in journal.ReplayAsync("a", 1, long.MaxValue, CancellationToken.None))
        {
            a.Add(e);
        }

        Assert.Equal([1L, 2], a.Select(e => e.SequenceNr));
        Assert.Equal(("created", 2, 7L), (a[0].EventType, a[0].EventVersion, a[0].WriterEpoch));
        Assert.Equal(new byte[] { 1, 2, 3 }, a[0].Payload.ToArray());
        Assert.Equal(2, await journal.ReadHighestSequenceNrAsync("a", CancellationToken.None));
        Assert.NotNull(await new PostgresSnapshotStore(dataSource).LoadLatestAsync("a", CancellationToken.None));

        await Assert.ThrowsAsync<JournalConflictException>(() =>
            journal.AppendAsync(new AppendRequest("a", 7, [new JournalEvent(2, "x", 1, new byte[] { 9 })]), CancellationToken.None));
        await Assert.ThrowsAnyAsync<JournalRefusedException>(() =>
            journal.AppendAsync(new AppendRequest("a", 6, [new JournalEvent(3, "x", 1, new byte[] { 9 })]), CancellationToken.None));
        await journal.AppendAsync(new AppendRequest("a", 7, [new JournalEvent(3, "x", 1, new byte[] { 9 })]), CancellationToken.None);
        Assert.Equal(3, await journal.ReadHighestSequenceNrAsync("a", CancellationToken.None));
    }
}

using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Persistence;
using Microsoft.Data.Sqlite;

namespace ActorStudio.Node.Tests.Persistence;

/// <summary>A journal file written by the v1 schema opens under the current one with every row, ordering and stream
/// head intact, and the single-writer guarantees still hold on the migrated table.</summary>
public sealed class SqliteSchemaMigrationTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("actorstudio-sqlite-migration-");

    [Fact]
    public async Task AVersionOneJournalIsMigratedWithEveryRowAndOrderingKept()
    {
        var file = Path.Combine(_directory.FullName, "v1.db");
        await WriteVersionOneDatabaseAsync(file);

        var database = await SqliteDatabase.OpenAsync(file);
        await using (database)
        {
            await using var journal = new SqliteJournal(database);
            var a = await ReadAllAsync(journal, "a");
            Assert.Equal([1L, 2, 3], a.Select(e => e.SequenceNr));
            Assert.Equal([10L, 30, 40], a.Select(e => e.Ordering));
            Assert.Equal(("created", 2, 7L), (a[0].EventType, a[0].EventVersion, a[0].WriterEpoch));
            Assert.Equal(new byte[] { 1, 2, 3 }, a[0].Payload.ToArray());
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), a[0].Timestamp);
            Assert.Equal(3, await journal.ReadHighestSequenceNrAsync("a", CancellationToken.None));
            Assert.Equal(7, await journal.ReadWriterEpochAsync("a", CancellationToken.None));

            var feed = await new SqliteJournalFeed(database).ReadAllAsync(0, 100, CancellationToken.None);
            Assert.Equal([10L, 20, 30, 40], feed.Select(e => e.Ordering));

            // Still one writer per stream on the migrated table: a collision and a stale epoch are refused.
            await Assert.ThrowsAsync<JournalConflictException>(() =>
                journal.AppendAsync(new AppendRequest("a", 7, [new JournalEvent(3, "x", 1, new byte[] { 9 })]), CancellationToken.None));
            await Assert.ThrowsAnyAsync<JournalRefusedException>(() =>
                journal.AppendAsync(new AppendRequest("a", 6, [new JournalEvent(4, "x", 1, new byte[] { 9 })]), CancellationToken.None));

            await journal.AppendAsync(new AppendRequest("a", 7, [new JournalEvent(4, "x", 1, new byte[] { 9 })]), CancellationToken.None);
            var appended = (await ReadAllAsync(journal, "a"))[^1];
            Assert.Equal((4L, 41L), (appended.SequenceNr, appended.Ordering));
        }

        await using var check = new SqliteConnection($"Data Source={file};Pooling=false");
        await check.OpenAsync();
        await using var version = check.CreateCommand();
        version.CommandText = "SELECT version FROM schema_version WHERE component = 'journal'";
        Assert.Equal(2L, await version.ExecuteScalarAsync());

        // The pair stays unique in the table itself, not only in the journal's validation.
        await using var duplicate = check.CreateCommand();
        duplicate.CommandText = """
            INSERT INTO journal (ordering, persistence_id, sequence_nr, created_at, writer_epoch, event_type, event_version, payload)
            VALUES (99, 'a', 2, 0, 7, 'dup', 1, x'00')
            """;
        var error = await Assert.ThrowsAsync<SqliteException>(() => duplicate.ExecuteNonQueryAsync());
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
    }

    [Fact]
    public async Task OrderingsOfDeletedRowsAreNeverHandedOutAgainAfterAReopen()
    {
        var file = Path.Combine(_directory.FullName, "deleted.db");
        long lastOrdering;
        await using (var database = await SqliteDatabase.OpenAsync(file))
        {
            await using var journal = new SqliteJournal(database);
            await journal.AppendAsync(new AppendRequest("old", 0, [new JournalEvent(1, "x", 1, new byte[] { 1 })]), CancellationToken.None);
            await journal.AppendAsync(new AppendRequest("newest", 0, [new JournalEvent(1, "x", 1, new byte[] { 1 }), new JournalEvent(2, "x", 1, new byte[] { 2 })]),
                CancellationToken.None);
            lastOrdering = (await ReadAllAsync(journal, "newest"))[^1].Ordering;
            await journal.DeleteUpToAsync("newest", 2, CancellationToken.None); // removes the highest orderings
        }

        SqliteConnection.ClearAllPools();
        await using (var database = await SqliteDatabase.OpenAsync(file))
        {
            await using var journal = new SqliteJournal(database);
            await journal.AppendAsync(new AppendRequest("next", 0, [new JournalEvent(1, "x", 1, new byte[] { 3 })]), CancellationToken.None);
            Assert.True((await ReadAllAsync(journal, "next"))[0].Ordering > lastOrdering, "an ordering already read by the feed was handed out again");
        }
    }

    private static async Task<List<PersistedEvent>> ReadAllAsync(IJournal journal, string id)
    {
        var list = new List<PersistedEvent>();
        await foreach (var e in journal.ReplayAsync(id, 1, long.MaxValue, CancellationToken.None))
        {
            list.Add(e);
        }

        return list;
    }

    /// <summary>The v1 schema exactly as the first release created it, with rows in it.</summary>
    private static async Task WriteVersionOneDatabaseAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE journal (
                persistence_id TEXT NOT NULL,
                sequence_nr INTEGER NOT NULL,
                ordering INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                writer_epoch INTEGER NOT NULL,
                event_type TEXT NOT NULL,
                event_version INTEGER NOT NULL,
                payload BLOB NOT NULL,
                PRIMARY KEY (persistence_id, sequence_nr)
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX journal_ordering ON journal (ordering);
            CREATE TABLE journal_streams (
                persistence_id TEXT PRIMARY KEY,
                highest_sequence_nr INTEGER NOT NULL,
                writer_epoch INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE snapshots (
                persistence_id TEXT NOT NULL,
                sequence_nr INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                state_type TEXT NOT NULL,
                state_version INTEGER NOT NULL,
                payload BLOB NOT NULL,
                PRIMARY KEY (persistence_id, sequence_nr)
            ) WITHOUT ROWID;
            INSERT INTO schema_version (component, version) VALUES ('journal', 1);
            INSERT INTO journal VALUES ('a', 1, 10, 1700000000000, 7, 'created', 2, x'010203');
            INSERT INTO journal VALUES ('b', 1, 20, 1700000000001, 0, 'other', 1, x'');
            INSERT INTO journal VALUES ('a', 2, 30, 1700000000002, 7, 'renamed', 1, x'04');
            INSERT INTO journal VALUES ('a', 3, 40, 1700000000003, 7, 'renamed', 1, x'05');
            INSERT INTO journal_streams VALUES ('a', 3, 7), ('b', 1, 0);
            """;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}

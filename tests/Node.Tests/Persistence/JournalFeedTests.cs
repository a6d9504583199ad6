using System.Text;
using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Persistence;
using ActorStudio.TestSupport;
using Npgsql;

namespace ActorStudio.Node.Tests.Persistence;

/// <summary>The global-order feed that projections read, against each journal back end.</summary>
public abstract class JournalFeedTests
{
    protected abstract Task<(IJournal Journal, IJournalFeed Feed, Func<ValueTask> Dispose)> OpenAsync();

    [Fact]
    public async Task Reads_every_stream_in_global_order_page_by_page()
    {
        var (journal, feed, dispose) = await OpenAsync();
        try
        {
            // Interleaved appends to three streams, batches of different sizes.
            var expected = new List<(string Id, long Seq)>();
            var highest = new Dictionary<string, long>();
            for (var round = 0; round < 5; round++)
            {
                foreach (var id in (string[])["session-a", "session-b", "analytics-joins-n1"])
                {
                    var events = new List<JournalEvent>();
                    for (var i = 0; i < 1 + ((round + id.Length) % 3); i++)
                    {
                        var seq = highest[id] = highest.GetValueOrDefault(id) + 1;
                        events.Add(new JournalEvent(seq, "t", 1, Encoding.UTF8.GetBytes($"{id}#{seq}")));
                        expected.Add((id, seq));
                    }

                    await journal.AppendAsync(new AppendRequest(id, 0, events), CancellationToken.None);
                }
            }

            var read = new List<PersistedEvent>();
            long position = 0;
            while (true)
            {
                var page = await feed.ReadAllAsync(position, 4, CancellationToken.None);
                if (page.Count == 0)
                {
                    break;
                }

                Assert.True(page.Count <= 4);
                read.AddRange(page);
                position = page[^1].Ordering;
            }

            Assert.Equal(expected, read.Select(e => (e.PersistenceId, e.SequenceNr)).ToList());
            Assert.Equal(read.Select(e => e.Ordering).Order().ToList(), read.Select(e => e.Ordering).ToList());
            Assert.Equal(read.Count, read.Select(e => e.Ordering).Distinct().Count());
            Assert.All(read, e => Assert.Equal($"{e.PersistenceId}#{e.SequenceNr}", Encoding.UTF8.GetString(e.Payload.Span)));
            Assert.Empty(await feed.ReadAllAsync(position, 10, CancellationToken.None));
        }
        finally
        {
            await dispose();
        }
    }
}

public sealed class SqliteJournalFeedTests : JournalFeedTests, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("actorstudio-feed-");

    protected override async Task<(IJournal, IJournalFeed, Func<ValueTask>)> OpenAsync()
    {
        var database = await SqliteDatabase.OpenAsync(Path.Combine(_directory.FullName, "feed.db"));
        var journal = new SqliteJournal(database);
        return (journal, new SqliteJournalFeed(database), async () =>
        {
            await journal.DisposeAsync();
            await database.DisposeAsync();
        });
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}

public sealed class PostgresJournalFeedTests(PostgresServer server) : JournalFeedTests, IClassFixture<PostgresServer>
{
    protected override async Task<(IJournal, IJournalFeed, Func<ValueTask>)> OpenAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await PostgresSchema.MigrateAsync(dataSource);
        var journal = new PostgresJournal(dataSource);
        return (journal, new PostgresJournalFeed(dataSource), async () =>
        {
            await journal.DisposeAsync();
            await dataSource.DisposeAsync();
        });
    }
}

public sealed class InMemoryJournalFeedTests : JournalFeedTests
{
    protected override Task<(IJournal, IJournalFeed, Func<ValueTask>)> OpenAsync()
    {
        var journal = new InMemoryJournal();
        return Task.FromResult<(IJournal, IJournalFeed, Func<ValueTask>)>((journal, journal, () => ValueTask.CompletedTask));
    }
}

using ActorStudio.Node.Persistence;
using ActorStudio.TestSupport;
using Npgsql;

namespace ActorStudio.Node.Tests.Persistence;

public sealed class PostgresJournalConformanceTests(PostgresServer server) : JournalConformanceTests, IClassFixture<PostgresServer>
{
    protected override async Task<JournalUnderTest> CreateAsync(JournalOptions options) =>
        await OpenAsync(await server.CreateDatabaseAsync(), options);

    protected override async Task<(string Backend, string Location)> CreateStoreForChildProcessAsync() =>
        ("postgres", await server.CreateDatabaseAsync());

    protected override Task<JournalUnderTest> ReopenAsync(string location) => OpenAsync(location, new JournalOptions());

    private static async Task<JournalUnderTest> OpenAsync(string connectionString, JournalOptions options)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await PostgresSchema.MigrateAsync(dataSource);
        var journal = new PostgresJournal(dataSource, options);
        return new JournalUnderTest(journal, new PostgresSnapshotStore(dataSource), async () =>
        {
            await journal.DisposeAsync();
            await dataSource.DisposeAsync();
        });
    }
}

using ActorStudio.Node.Persistence;

namespace ActorStudio.Node.Tests.Persistence;

public sealed class SqliteJournalConformanceTests : JournalConformanceTests, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("actorstudio-sqlite-");

    protected override Task<JournalUnderTest> CreateAsync(JournalOptions options) =>
        OpenAsync(Path.Combine(_directory.FullName, Guid.NewGuid().ToString("N") + ".db"), options);

    protected override Task<(string Backend, string Location)> CreateStoreForChildProcessAsync() =>
        Task.FromResult(("sqlite", Path.Combine(_directory.FullName, "crash.db")));

    protected override Task<JournalUnderTest> ReopenAsync(string location) => OpenAsync(location, new JournalOptions());

    private static async Task<JournalUnderTest> OpenAsync(string file, JournalOptions options)
    {
        var database = await SqliteDatabase.OpenAsync(file);
        var journal = new SqliteJournal(database, options);
        return new JournalUnderTest(journal, new SqliteSnapshotStore(database), async () =>
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

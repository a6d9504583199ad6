using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Persistence;
using Microsoft.Data.Sqlite;

namespace ActorStudio.Node.Tests.Persistence;

/// <summary>The writer never checkpoints (wal_autocheckpoint=0), so the rows reach the database file only through the
/// background checkpointer. (Its RESTART under load is visible only with concurrent writers: see the journal bench's
/// "slowest append".)</summary>
public sealed class SqliteCheckpointerTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("actorstudio-sqlite-checkpoint-");

    [Fact]
    public async Task CommittedRowsAreCopiedIntoTheDatabaseFileInTheBackground()
    {
        var file = Path.Combine(_directory.FullName, "journal.db");
        await using var database = await SqliteDatabase.OpenAsync(file);
        await using var journal = new SqliteJournal(database);
        var payload = new byte[4096];
        var events = new JournalEvent[100];
        for (var batch = 0; batch < 60; batch++) // ~24 MB: more frames than SqliteCheckpointer.RestartFrames
        {
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = new JournalEvent(batch * events.Length + i + 1, "filler", 1, payload);
            }

            await journal.AppendAsync(new AppendRequest("filler", 0, events), CancellationToken.None);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (new FileInfo(file).Length < 20 * 1024 * 1024 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(new FileInfo(file).Length >= 20 * 1024 * 1024, $"database file is {new FileInfo(file).Length} bytes: not checkpointed");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}

using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Persistence;
using ActorStudio.JournalCrashHost;
using Npgsql;

// Usage: JournalCrashHost sqlite|postgres <file-or-connection-string> <persistence-id> <events-per-batch>
// Appends numbered batches forever and prints "acked <highest sequence nr>" after each acknowledged append.
// The payload of event n is CrashPayload.For(n), so the test can verify every byte after the kill.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: JournalCrashHost sqlite|postgres <file-or-connection-string> <persistence-id> <events-per-batch>");
    return 2;
}

var persistenceId = args[2];
var perBatch = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
IJournal journal;
if (args[0] == "sqlite")
{
    var database = await SqliteDatabase.OpenAsync(args[1]);
    journal = new SqliteJournal(database);
}
else
{
    var dataSource = NpgsqlDataSource.Create(args[1]);
    await PostgresSchema.MigrateAsync(dataSource);
    journal = new PostgresJournal(dataSource);
}

var next = await journal.ReadHighestSequenceNrAsync(persistenceId, CancellationToken.None) + 1;
Console.WriteLine("ready");
while (true)
{
    var events = new JournalEvent[perBatch];
    for (var i = 0; i < perBatch; i++)
    {
        events[i] = new JournalEvent(next + i, "crash-test", 1, CrashPayload.For(next + i));
    }

    await journal.AppendAsync(new AppendRequest(persistenceId, 0, events), CancellationToken.None);
    next += perBatch;
    Console.WriteLine($"acked {next - 1}");
}

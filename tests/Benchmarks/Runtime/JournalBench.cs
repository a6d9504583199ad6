using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Persistence;
using Npgsql;

namespace ActorStudio.Benchmarks.Runtime;

internal static class JournalBench
{
    private const int Sessions = 100;
    private const int EventsPerBatch = 20;
    private const int PayloadBytes = 128;

    public static async Task SqliteAsync()
    {
        var directory = Directory.CreateTempSubdirectory("actorstudio-bench-");
        try
        {
            await using var database = await SqliteDatabase.OpenAsync(Path.Combine(directory.FullName, "journal.db"));
            await using var journal = new SqliteJournal(database);
            await SingleStreamAsync("journal append: SQLite, one id, 2000-event appends (calibration)", journal);
            await RunAsync("journal append: SQLite WAL synchronous=NORMAL", journal, TimeSpan.FromSeconds(2));
            await RunAsync("journal append: SQLite WAL synchronous=NORMAL", journal, TimeSpan.FromSeconds(10));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    public static async Task PostgresAsync(string connectionString, PostgresServerCpu? serverCpu = null)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await PostgresSchema.MigrateAsync(dataSource);
        await using var journal = new PostgresJournal(dataSource);
        await SingleStreamAsync("journal append: PostgreSQL, one id, 2000-event appends (calibration)", journal);
        await RunAsync("journal append: PostgreSQL 15 synchronous_commit=on", journal, TimeSpan.FromSeconds(2), serverCpu);
        await RunAsync("journal append: PostgreSQL 15 synchronous_commit=on", journal, TimeSpan.FromSeconds(10), serverCpu);
    }

    /// <summary>Calibration: the same rows with no concurrency at all, 2000 events per append (one transaction each).</summary>
    private static async Task SingleStreamAsync(string name, IJournal journal)
    {
        var payload = new byte[PayloadBytes];
        var id = "calibration-" + Guid.NewGuid().ToString("N")[..8];
        var events = new JournalEvent[2_000];
        long next = 1;
        var clock = RuntimeBench.Start();
        for (var round = 0; round < 20; round++)
        {
            for (var i = 0; i < events.Length; i++)
            {
                events[i] = new JournalEvent(next + i, "chat-message-posted", 1, payload);
            }

            await journal.AppendAsync(new AppendRequest(id, 0, events), CancellationToken.None);
            next += events.Length;
        }

        clock.Stop();
        RuntimeBench.Report(name, next - 1, "events", clock.Elapsed);
    }

    /// <summary>100 sessions, each appending 20-event batches back to back (awaiting each), for a fixed time.</summary>
    private static async Task RunAsync(string name, IJournal journal, TimeSpan duration, PostgresServerCpu? serverCpu = null)
    {
        var payload = new byte[PayloadBytes];
        Random.Shared.NextBytes(payload);
        var runId = Guid.NewGuid().ToString("N")[..8];
        using var stop = new CancellationTokenSource();
        // CPU time of this process (client side only for PostgreSQL): on a shared machine CPU per event is steadier than events/s.
        var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var serverBefore = serverCpu?.Read() ?? TimeSpan.Zero;
        var clock = RuntimeBench.Start();
        var sessions = new Task<long>[Sessions];
        long slowest = 0; // the longest single append (ticks): stalls such as a blocking checkpoint show here
        for (var s = 0; s < Sessions; s++)
        {
            var id = $"session-{runId}-{s}";
            sessions[s] = Task.Run(async () =>
            {
                long next = 1;
                var events = new JournalEvent[EventsPerBatch];
                while (!stop.IsCancellationRequested)
                {
                    for (var i = 0; i < EventsPerBatch; i++)
                    {
                        events[i] = new JournalEvent(next + i, "chat-message-posted", 1, payload);
                    }

                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    await journal.AppendAsync(new AppendRequest(id, 0, events), CancellationToken.None);
                    var took = System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks;
                    long seen;
                    while (took > (seen = Interlocked.Read(ref slowest)) && Interlocked.CompareExchange(ref slowest, took, seen) != seen)
                    {
                    }

                    next += EventsPerBatch;
                }

                return next - 1;
            });
        }

        await Task.Delay(duration);
        stop.Cancel();
        var written = await Task.WhenAll(sessions);
        clock.Stop();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var server = (serverCpu?.Read() ?? TimeSpan.Zero) - serverBefore;
        long total = 0;
        foreach (var w in written)
        {
            total += w;
        }

        if (duration >= TimeSpan.FromSeconds(5))
        {
            RuntimeBench.Report($"{name} ({Sessions} x {EventsPerBatch}-event batches)", total, "events", clock.Elapsed);
            Console.WriteLine($"    process CPU {cpu.TotalMilliseconds:N0} ms = {cpu.TotalMilliseconds * 1000 / total:N2} µs/event; slowest append {TimeSpan.FromTicks(slowest).TotalMilliseconds:N0} ms");
            if (serverCpu is not null)
            {
                Console.WriteLine($"    PostgreSQL server CPU {server.TotalMilliseconds:N0} ms = {server.TotalMilliseconds * 1000 / total:N2} µs/event");
            }
        }
    }
}

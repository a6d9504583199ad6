using System.Diagnostics;
using ActorStudio.TestSupport;

namespace ActorStudio.Benchmarks.Runtime;

/// <summary>The runtime's throughput and recovery figures (docs/performance.md quotes its output).</summary>
public static class RuntimeBench
{
    public static async Task RunAsync(string[] args)
    {
        var what = args.Length > 0 ? args[0] : "all";
        var postgresConnection = args.Length > 1 ? args[1] : null;
        Console.WriteLine($"runtime bench: {what}; {Environment.ProcessorCount} cores; .NET {Environment.Version}; server GC {System.Runtime.GCSettings.IsServerGC}");
        if (what is "tell" or "all")
        {
            await TellBench.TwoActorsAsync();
            await TellBench.TenThousandActorsAsync();
        }

        if (what is "journal-sqlite")
        {
            await JournalBench.SqliteAsync();
            return;
        }

        if (what is "journal" or "journal-postgres" or "recovery" or "all")
        {
            PostgresServer? server = null;
            if (postgresConnection is null)
            {
                server = new PostgresServer();
                await server.InitializeAsync();
            }

            try
            {
                async Task<string> NewDatabase() => server is null ? postgresConnection! : await server.CreateDatabaseAsync();
                if (what is "journal" or "all")
                {
                    await JournalBench.SqliteAsync();
                }

                if (what is "journal" or "journal-postgres" or "all")
                {
                    await JournalBench.PostgresAsync(await NewDatabase(), server is null ? null : new PostgresServerCpu(server.DataDirectory));
                }

                if (what is "recovery" or "all")
                {
                    await RecoveryBench.PostgresAsync(await NewDatabase());
                }
            }
            finally
            {
                if (server is not null)
                {
                    await server.DisposeAsync();
                }
            }
        }
    }

    internal static void Report(string name, long count, string unit, TimeSpan elapsed) =>
        Console.WriteLine($"{name,-58} {count,12:N0} {unit} in {elapsed.TotalMilliseconds,9:N1} ms = {count / elapsed.TotalSeconds,14:N0} {unit}/s");

    internal static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    internal static Stopwatch Start() => Stopwatch.StartNew();
}

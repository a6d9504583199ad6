namespace ActorStudio.Benchmarks.Runtime;

/// <summary>
/// CPU time used so far by a local PostgreSQL server (postmaster + its live children, from /proc), so the bench can
/// report the database's CPU per event beside the client's: on a 2-core machine both sides share the same cores.
/// </summary>
internal sealed class PostgresServerCpu(string dataDirectory)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public TimeSpan Read()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }

            // Fields after "(comm)": state ppid ... utime(14) stime(15) cutime(16) cstime(17), 1-based over the whole line.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ppid = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            if (pid != postmaster && ppid != postmaster)
            {
                continue;
            }

            ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            if (pid == postmaster)
            {
                ticks += long.Parse(fields[13], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[14], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}

using System.Globalization;

namespace ActorStudio.LoadTester.Metrics;

/// <summary>
/// Reads a process's CPU seconds (utime + stime from /proc/PID/stat) and memory (VmRSS, VmHWM
/// from /proc/PID/status). Linux only; returns null where /proc is missing or the process is gone.
/// </summary>
public static class ProcSampler
{
    // USER_HZ is 100 on every Linux this runs on; /proc reports clock ticks.
    private const double ClockTicksPerSecond = 100.0;

    public static ProcessSample? TrySample(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may contain spaces.
            int close = stat.LastIndexOf(')');
            string[] fields = stat[(close + 2)..].Split(' ');
            // fields[0] is field 3 (state); utime is field 14, stime field 15, num_threads field 20.
            long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
            long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
            int threads = int.Parse(fields[17], CultureInfo.InvariantCulture);
            long rss = 0;
            long hwm = 0;
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = ParseKilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = ParseKilobytes(line);
                }
            }

            return new ProcessSample((utime + stime) / ClockTicksPerSecond, rss, hwm, threads);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long ParseKilobytes(string line)
    {
        ReadOnlySpan<char> rest = line.AsSpan(line.IndexOf(':') + 1).Trim();
        int space = rest.IndexOf(' ');
        if (space > 0)
        {
            rest = rest[..space];
        }

        return long.Parse(rest, CultureInfo.InvariantCulture) * 1024;
    }
}

using System.Diagnostics;

namespace ActorStudio.Benchmarks.Protocol;

/// <summary>
/// Measures the chat-batch benchmarks in process CPU time as well as wall time. On a machine shared with many other
/// jobs BenchmarkDotNet's wall-clock figures mostly measure the scheduler; CPU time per operation does not.
/// Run: dotnet run -c Release --project tests/Benchmarks -- cpu-time-protocol
/// </summary>
public static class ChatBatchCpuTimeProbe
{
    public static void Run()
    {
        var benchmarks = new ChatBatchBenchmarks();
        benchmarks.Setup();
        try
        {
            Console.WriteLine($"Batch frame of 20 chat messages: {benchmarks.EncodeBatchOf20Chat():N0} bytes");
            Measure("EncodeBatchOf20Chat", () => benchmarks.EncodeBatchOf20Chat(), 200_000);
            Measure("DecodeBatchOf20Chat", () => benchmarks.DecodeBatchOf20Chat(), 100_000);
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static void Measure(string name, Func<int> operation, int iterations)
    {
        for (var i = 0; i < iterations / 10; i++)
        {
            operation();
        }

        var process = Process.GetCurrentProcess();
        var bestCpu = double.MaxValue;
        var bestWall = double.MaxValue;
        long allocated = 0;
        for (var round = 0; round < 5; round++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var wall = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
            {
                operation();
            }

            wall.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalNanoseconds / iterations;
            bestCpu = Math.Min(bestCpu, cpu);
            bestWall = Math.Min(bestWall, wall.Elapsed.TotalNanoseconds / iterations);
        }

        Console.WriteLine($"{name}: best of 5 rounds x {iterations:N0} ops: {bestCpu / 1000:F2} us CPU/op, {bestWall / 1000:F2} us wall/op, {allocated / (double)iterations:F0} B allocated/op");
    }
}

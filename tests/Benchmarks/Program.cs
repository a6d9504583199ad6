namespace ActorStudio.Benchmarks;

public static class BenchmarkEntryPoint
{
    /// <summary>
    /// <c>-- runtime [tell|journal|recovery|all]</c> runs the actor-runtime bench console (multi-threaded throughput that
    /// BenchmarkDotNet's single-invocation model measures badly); <c>-- cpu-time-protocol</c> runs the codec CPU-time
    /// probe; anything else goes to BenchmarkDotNet.
    /// </summary>
    public static async Task Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "runtime")
        {
            await Runtime.RuntimeBench.RunAsync(args[1..]);
            return;
        }

        if (args.Length == 1 && args[0] == "cpu-time-protocol")
        {
            Protocol.ChatBatchCpuTimeProbe.Run();
            return;
        }

        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntryPoint).Assembly).Run(args);
    }
}

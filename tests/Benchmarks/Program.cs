namespace ActorStudio.Benchmarks;

public static class BenchmarkEntryPoint
{
    public static void Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "cpu-time-protocol")
        {
            Protocol.ChatBatchCpuTimeProbe.Run();
            return;
        }

        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntryPoint).Assembly).Run(args);
    }
}

using ActorStudio.LoadTester.Metrics;

namespace ActorStudio.LoadTester.Scenario;

/// <summary>The /proc samples of one process that the report needs: before joins, after joins, around the measured window.</summary>
public sealed class ProcessWindow(int pid)
{
    public int Pid { get; } = pid;

    public ProcessSample? Baseline { get; private set; }

    public ProcessSample? Connected { get; private set; }

    public ProcessSample? WindowStart { get; private set; }

    public ProcessSample? WindowEnd { get; private set; }

    public void SampleBaseline() => Baseline = ProcSampler.TrySample(Pid);

    public void SampleConnected() => Connected = ProcSampler.TrySample(Pid);

    public void SampleWindowStart() => WindowStart = ProcSampler.TrySample(Pid);

    public void SampleWindowEnd() => WindowEnd = ProcSampler.TrySample(Pid);

    public double WindowCpuSeconds => WindowStart is { } a && WindowEnd is { } b ? b.CpuSeconds - a.CpuSeconds : 0;
}

using ActorStudio.Node.Hosting;

namespace ActorStudio.Node.Tests.Hosting;

internal sealed class FixedReadinessCheck(string name, ReadinessResult result) : IReadinessCheck
{
    public string Name => name;

    public Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(result);
}

internal sealed class ThrowingReadinessCheck(string name) : IReadinessCheck
{
    public string Name => name;

    public Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException("connection refused by test");
}

/// <summary>Ignores its token on purpose: the probe must still give up on it.</summary>
internal sealed class HangingReadinessCheck(string name) : IReadinessCheck
{
    public string Name => name;

    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMinutes(5), CancellationToken.None);
        return ReadinessResult.Ready();
    }
}

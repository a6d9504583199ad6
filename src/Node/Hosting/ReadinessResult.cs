namespace ActorStudio.Node.Hosting;

/// <summary>The outcome of one <see cref="IReadinessCheck"/>; <paramref name="Detail"/> says what is wrong, for operators.</summary>
public readonly record struct ReadinessResult(bool IsReady, string? Detail)
{
    public static ReadinessResult Ready() => new(true, null);

    public static ReadinessResult NotReady(string detail) => new(false, detail);
}

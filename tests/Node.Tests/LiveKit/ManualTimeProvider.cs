namespace ActorStudio.Node.Tests.LiveKit;

/// <summary>A clock the test sets, so token lifetimes are checked without waiting.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

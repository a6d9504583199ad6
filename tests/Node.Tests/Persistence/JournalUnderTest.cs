using ActorStudio.Actors.Runtime.Persistence;

namespace ActorStudio.Node.Tests.Persistence;

/// <summary>A journal + snapshot store pair created for one test, disposed after it.</summary>
public sealed record JournalUnderTest(IJournal Journal, ISnapshotStore Snapshots, Func<ValueTask> Dispose) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Dispose();
}

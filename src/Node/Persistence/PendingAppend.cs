using ActorStudio.Actors.Runtime.Persistence;

namespace ActorStudio.Node.Persistence;

/// <summary>An append waiting for the group commit that will carry it.</summary>
internal sealed class PendingAppend(AppendRequest request, CancellationToken cancellationToken)
{
    public AppendRequest Request { get; } = request;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set during validation when this append is refused; the rest of the batch still commits.</summary>
    public Exception? Refusal { get; set; }
}

using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Node.Persistence;

/// <summary>
/// Group commit: appenders enqueue and wait; one loop drains everything waiting (up to a cap of events) and writes it
/// in ONE transaction. Under load batches grow by themselves; when idle an append is written alone at once.
/// </summary>
internal sealed class GroupCommitQueue : IAsyncDisposable
{
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<List<PendingAppend>, CancellationToken, Task> _writeBatch;
    private readonly int _maxBatchEvents;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Task _loop;

    /// <param name="writeBatch">Writes the batch in one transaction; sets <see cref="PendingAppend.Refusal"/> on refused
    /// appends and throws only when the whole transaction failed.</param>
    public GroupCommitQueue(Func<List<PendingAppend>, CancellationToken, Task> writeBatch, int maxBatchEvents, ILogger logger)
    {
        _writeBatch = writeBatch;
        _maxBatchEvents = maxBatchEvents;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public Task EnqueueAsync(PendingAppend append)
    {
        if (!_queue.Writer.TryWrite(append))
        {
            return Task.FromException(new ObjectDisposedException(nameof(GroupCommitQueue), "The journal is shutting down."));
        }

        return append.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingAppend>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var events = 0;
            while (events < _maxBatchEvents && reader.TryRead(out var append))
            {
                if (append.CancellationToken.IsCancellationRequested)
                {
                    append.Completion.TrySetCanceled(append.CancellationToken);
                    continue;
                }

                batch.Add(append);
                events += append.Request.Events.Count;
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await _writeBatch(batch, _shutdown.Token).ConfigureAwait(false);
                foreach (var append in batch)
                {
                    if (append.Refusal is null)
                    {
                        append.Completion.TrySetResult();
                    }
                    else
                    {
                        append.Completion.TrySetException(append.Refusal);
                    }
                }
            }
            catch (Exception error)
            {
                _logger.LogError(error, "Journal group commit of {AppendCount} appends failed", batch.Count);
                foreach (var append in batch)
                {
                    append.Completion.TrySetException(append.Refusal ?? error);
                }
            }

            batch.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _shutdown.Dispose();
    }
}

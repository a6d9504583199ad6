using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Frames;

namespace ActorStudio.Node.Sessions.Transport;

/// <summary>
/// Writes a connection's queued frames to its socket on the thread that queued them — the session loop's, during its
/// fan-out — for as long as the socket takes them at once; when a write has to wait (the peer's window is full) the
/// rest stays in the <see cref="SessionConnection"/>'s queue, where the slow-consumer limits see it, and the write's
/// completion carries on. No writer task per socket and no thread hop per frame: in a busy session that hop and its
/// wake-up were most of the managed cost of a delivery.
/// One pass at a time (<c>running</c>); a queue arriving during a pass sets <c>rerun</c> so nothing is stranded.
/// Transport-level bytes (the upgrade response, WebSocket control frames) go ahead of queued frames.
/// </summary>
internal abstract class OutboundPump : IFrameDrain
{
    private readonly Lock gate = new();
    private Queue<ReadOnlyMemory<byte>>? transportBytes;
    private int transportCount;
    private SessionConnection? connection;
    private bool running;
    private bool rerun;
    private bool failed;
    private TaskCompletionSource? idle;

    /// <summary>Set when a write failed: the socket is gone and nothing more is written.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>From now on the connection's frames are written as they are queued.</summary>
    public void Attach(SessionConnection session)
    {
        connection = session;
        session.AttachDrain(this);
    }

    public void FramesQueued() => Run();

    /// <summary>Completes once nothing is queued or in flight (or the socket failed).</summary>
    public Task WhenIdleAsync()
    {
        lock (gate)
        {
            if (!running || failed)
            {
                return Task.CompletedTask;
            }

            idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return idle.Task;
        }
    }

    /// <summary>Queues bytes the transport itself writes (they must already be framed); the array is kept, not copied.</summary>
    protected void WriteTransportBytes(ReadOnlyMemory<byte> bytes)
    {
        lock (gate)
        {
            (transportBytes ??= new Queue<ReadOnlyMemory<byte>>()).Enqueue(bytes);
            transportCount++;
        }

        Run();
    }

    /// <summary>Starts writing a frame; completes synchronously when the socket took it at once.</summary>
    protected abstract ValueTask WriteFrameAsync(WireFrame frame);

    /// <summary>Starts writing transport bytes (only pumps that accept them get any).</summary>
    protected abstract ValueTask WriteBytesAsync(ReadOnlyMemory<byte> bytes);

    private void Run()
    {
        lock (gate)
        {
            if (running)
            {
                rerun = true;
                return;
            }

            if (failed)
            {
                return;
            }

            running = true;
        }

        Pass();
    }

    private void Pass()
    {
        while (true)
        {
            ValueTask write;
            try
            {
                if (TryTakeTransportBytes(out var bytes))
                {
                    write = WriteBytesAsync(bytes);
                }
                else if (TryTakeFrame(out var frame))
                {
                    write = WriteFrameAsync(frame);
                }
                else if (Stop())
                {
                    return;
                }
                else
                {
                    continue;
                }
            }
            catch (Exception ex)
            {
                Fail(ex);
                return;
            }

            if (!write.IsCompletedSuccessfully)
            {
                _ = ContinueAsync(write);
                return;
            }
        }
    }

    private async Task ContinueAsync(ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail(ex);
            return;
        }

        Pass();
    }

    private bool TryTakeTransportBytes(out ReadOnlyMemory<byte> bytes)
    {
        if (Volatile.Read(ref transportCount) == 0)
        {
            bytes = default;
            return false;
        }

        lock (gate)
        {
            if (transportBytes is { Count: > 0 } queue)
            {
                bytes = queue.Dequeue();
                transportCount--;
                return true;
            }
        }

        bytes = default;
        return false;
    }

    private bool TryTakeFrame(out WireFrame frame)
    {
        // A slow consumer's backlog is dropped, not written: it reconnects and resumes from its last seq.
        if (connection is { } session && session.CloseRequest is not { Code: CloseCodes.SlowConsumer })
        {
            return session.TryDequeue(out frame);
        }

        frame = default;
        return false;
    }

    /// <summary>Ends the pass unless something was queued meanwhile; true when it ended.</summary>
    private bool Stop()
    {
        TaskCompletionSource? done;
        lock (gate)
        {
            if (rerun)
            {
                rerun = false;
                return false;
            }

            running = false;
            done = idle;
            idle = null;
        }

        done?.TrySetResult();
        return true;
    }

    private void Fail(Exception ex)
    {
        TaskCompletionSource? done;
        lock (gate)
        {
            failed = true;
            running = false;
            Failure = ex;
            done = idle;
            idle = null;
        }

        done?.TrySetResult();
        connection?.Close(new ConnectionClose(WebSocketCloseStatusCodes.Normal, "transport closed"));
    }
}

using System.Buffers;
using System.IO.Pipelines;

namespace ActorStudio.Node.Sessions.Transport;

/// <summary>
/// The byte stream under a connection-level WebSocket: reads come from Kestrel's transport pipe (the socket's receive
/// loop), writes — the WebSocket's own frames: control frames and the few messages sent before the pump takes over —
/// go to the <see cref="SocketOutboundPump"/>, so they keep their order with the session's frames. A zero-byte read
/// waits for data without taking a buffer: an idle socket holds none.
/// </summary>
internal sealed class SessionTransportStream(PipeReader input, SocketOutboundPump output) : Stream
{
    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        var data = result.Buffer;
        if (data.IsEmpty)
        {
            input.AdvanceTo(data.End);
            return 0; // the peer closed its side
        }

        var count = (int)Math.Min(data.Length, buffer.Length);
        data.Slice(0, count).CopyTo(buffer.Span);

        // Nothing taken by a zero-byte read: the data stays for the next read, which then returns at once.
        input.AdvanceTo(data.GetPosition(count));
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Reads are asynchronous.");

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // The WebSocket reuses its buffer once the write returns: keep a copy. Control frames are small and rare.
        output.Write(buffer.ToArray());
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        output.Write(buffer.AsSpan(offset, count).ToArray());
        return Task.CompletedTask;
    }

    public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer.AsSpan(offset, count).ToArray());

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The WebSocket disposes its stream when it is aborted and counts on that to end a pending read (as a network
    /// stream's would): without this, a read waiting on a silent peer would hold the socket until Kestrel's shutdown.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            input.CancelPendingRead();
        }

        base.Dispose(disposing);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

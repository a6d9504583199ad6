using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ActorStudio.Node.Sessions.Transport;

/// <summary>
/// One <c>send(2)</c> with <c>MSG_DONTWAIT</c> on Linux: it takes what fits in the socket's buffer and never blocks.
/// The session fan-out writes one frame to each of hundreds of sockets in a row; <see cref="Socket.SendAsync(ReadOnlyMemory{byte}, SocketFlags)"/>
/// would do the same system call behind a pooled awaitable and its bookkeeping for each. Whatever does not fit goes
/// through <see cref="Socket.SendAsync(ReadOnlyMemory{byte}, SocketFlags)"/>, which waits for the socket; the caller
/// never has both in flight.
/// </summary>
internal static unsafe partial class NonBlockingSend
{
    private const int MsgDontWait = 0x40;
    private const int MsgNoSignal = 0x4000;
    private const int EAgain = 11;
    private const int EIntr = 4;

    public static bool IsSupported { get; } = OperatingSystem.IsLinux();

    /// <summary>Bytes the kernel took (possibly 0 when its buffer is full), or -1 on any other error.</summary>
    public static int TrySend(Socket socket, ReadOnlySpan<byte> bytes)
    {
        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            // Held for the call so a concurrent close cannot hand the descriptor number to another socket mid-send.
            handle.DangerousAddRef(ref added);
            fixed (byte* data = bytes)
            {
                while (true)
                {
                    var sent = Send(handle.DangerousGetHandle(), data, bytes.Length, MsgDontWait | MsgNoSignal);
                    if (sent >= 0)
                    {
                        return (int)sent;
                    }

                    var error = Marshal.GetLastPInvokeError();
                    if (error == EIntr)
                    {
                        continue;
                    }

                    return error == EAgain ? 0 : -1;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            return -1;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint Send(nint socket, byte* buffer, nint length, int flags);
}

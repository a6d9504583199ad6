using System.ComponentModel;
using System.Runtime.InteropServices;

namespace ActorStudio.TestSupport;

/// <summary>POSIX signals the process tests send: graceful stop, hard kill, pause and resume.</summary>
public enum UnixSignal
{
    Kill = 9,
    Term = 15,
    Cont = 18,
    Stop = 19,
}

internal static partial class UnixSignals
{
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);

    public static void Send(int processId, UnixSignal signal)
    {
        if (SysKill(processId, (int)signal) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"kill({processId}, {signal}) failed");
        }
    }
}

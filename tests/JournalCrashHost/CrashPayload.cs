namespace ActorStudio.JournalCrashHost;

/// <summary>Deterministic payload per sequence number (1 KiB), so a torn or mixed-up row is detectable.</summary>
public static class CrashPayload
{
    public static byte[] For(long sequenceNr)
    {
        var bytes = new byte[1024];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((sequenceNr * 31) + i);
        }

        return bytes;
    }
}

using System.Buffers.Text;

namespace ActorStudio.LoadTester.Scenario;

/// <summary>
/// The measurement carried inside every chat text: "lt:{session}:{message}:{sentTimestamp}:" then
/// padding to the requested size. The timestamp is the load tester's own monotonic clock, which
/// sender and receivers share, so delivery latency needs no clock sync.
/// </summary>
public static class ChatStamp
{
    public const int MinimumBytes = 48;
    private const byte Padding = (byte)'x';

    private static ReadOnlySpan<byte> Prefix => "lt:"u8;

    /// <summary>Writes a stamped text of exactly <paramref name="destination"/>'s length (at least <see cref="MinimumBytes"/>).</summary>
    public static void Write(Span<byte> destination, int session, long message, long timestamp)
    {
        if (destination.Length < MinimumBytes)
        {
            throw new ArgumentException($"a stamped text needs at least {MinimumBytes} bytes", nameof(destination));
        }

        Prefix.CopyTo(destination);
        int at = Prefix.Length;
        at += WriteNumber(destination[at..], session);
        destination[at++] = (byte)':';
        at += WriteNumber(destination[at..], message);
        destination[at++] = (byte)':';
        at += WriteNumber(destination[at..], timestamp);
        destination[at++] = (byte)':';
        destination[at..].Fill(Padding);
    }

    /// <summary>Reads a stamp; false for any text the load tester did not write.</summary>
    public static bool TryRead(ReadOnlySpan<byte> text, out int session, out long message, out long timestamp)
    {
        session = 0;
        message = 0;
        timestamp = 0;
        if (!text.StartsWith(Prefix))
        {
            return false;
        }

        text = text[Prefix.Length..];
        if (!Utf8Parser.TryParse(text, out session, out int used) || used == 0 || used >= text.Length || text[used] != (byte)':')
        {
            return false;
        }

        text = text[(used + 1)..];
        if (!Utf8Parser.TryParse(text, out message, out used) || used == 0 || used >= text.Length || text[used] != (byte)':')
        {
            return false;
        }

        text = text[(used + 1)..];
        return Utf8Parser.TryParse(text, out timestamp, out used) && used > 0 && used < text.Length && text[used] == (byte)':';
    }

    private static int WriteNumber(Span<byte> destination, long value)
    {
        if (!Utf8Formatter.TryFormat(value, destination, out int written))
        {
            throw new ArgumentException("no room for the stamp", nameof(destination));
        }

        return written;
    }
}

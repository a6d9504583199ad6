using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace ActorStudio.Protocol.MessagePack;

/// <summary>
/// Writes MessagePack into an <see cref="IBufferWriter{T}"/>, always in the smallest encoding the specification allows,
/// so the bytes match any canonical encoder. It buffers into the span it last obtained and only calls the output on
/// refills, so writing allocates nothing. Call <see cref="Flush"/> when done: unflushed bytes are not committed.
/// </summary>
public ref struct MessagePackWriter
{
    // Large enough that a typical frame needs one GetSpan call; small enough not to waste pooled memory.
    private const int DefaultSizeHint = 512;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _buffered;

    public MessagePackWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _span = default;
        _buffered = 0;
    }

    /// <summary>Commits every written byte to the output. Safe to call more than once.</summary>
    public void Flush()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _buffered = 0;
        }

        _span = default;
    }

    public void WriteNil() => WriteCode(MessagePackCode.Nil);

    public void Write(bool value) => WriteCode(value ? MessagePackCode.True : MessagePackCode.False);

    public void Write(int value) => Write((long)value);

    public void Write(uint value) => Write((ulong)value);

    public void Write(long value)
    {
        if ((ulong)value <= MessagePackCode.MaxFixInt)
        {
            Reserve(1)[0] = (byte)value;
            Commit(1);
            return;
        }

        if (value >= 0)
        {
            Write((ulong)value);
            return;
        }

        if (value >= -32)
        {
            Reserve(1)[0] = unchecked((byte)value);
            Commit(1);
            return;
        }

        if (value >= sbyte.MinValue)
        {
            var s = Reserve(2);
            s[0] = MessagePackCode.Int8;
            s[1] = unchecked((byte)value);
            Commit(2);
        }
        else if (value >= short.MinValue)
        {
            var s = Reserve(3);
            s[0] = MessagePackCode.Int16;
            BinaryPrimitives.WriteInt16BigEndian(s[1..], (short)value);
            Commit(3);
        }
        else if (value >= int.MinValue)
        {
            var s = Reserve(5);
            s[0] = MessagePackCode.Int32;
            BinaryPrimitives.WriteInt32BigEndian(s[1..], (int)value);
            Commit(5);
        }
        else
        {
            var s = Reserve(9);
            s[0] = MessagePackCode.Int64;
            BinaryPrimitives.WriteInt64BigEndian(s[1..], value);
            Commit(9);
        }
    }

    public void Write(ulong value)
    {
        if (value <= MessagePackCode.MaxFixInt)
        {
            Reserve(1)[0] = (byte)value;
            Commit(1);
        }
        else if (value <= byte.MaxValue)
        {
            var s = Reserve(2);
            s[0] = MessagePackCode.UInt8;
            s[1] = (byte)value;
            Commit(2);
        }
        else if (value <= ushort.MaxValue)
        {
            var s = Reserve(3);
            s[0] = MessagePackCode.UInt16;
            BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)value);
            Commit(3);
        }
        else if (value <= uint.MaxValue)
        {
            var s = Reserve(5);
            s[0] = MessagePackCode.UInt32;
            BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)value);
            Commit(5);
        }
        else
        {
            var s = Reserve(9);
            s[0] = MessagePackCode.UInt64;
            BinaryPrimitives.WriteUInt64BigEndian(s[1..], value);
            Commit(9);
        }
    }

    /// <summary>Writes a float32. Use <see cref="Write(double)"/> for float64; the codec never narrows silently.</summary>
    public void Write(float value)
    {
        var s = Reserve(5);
        s[0] = MessagePackCode.Float32;
        BinaryPrimitives.WriteSingleBigEndian(s[1..], value);
        Commit(5);
    }

    public void Write(double value)
    {
        var s = Reserve(9);
        s[0] = MessagePackCode.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(s[1..], value);
        Commit(9);
    }

    /// <summary>Writes a string, or nil when <paramref name="value"/> is null.</summary>
    public void Write(string? value)
    {
        if (value is null)
        {
            WriteNil();
            return;
        }

        Write(value.AsSpan());
    }

    public void Write(ReadOnlySpan<char> value)
    {
        // One pass, no byte counting: reserve room for the worst case, guess the header from the character count
        // (exact for ASCII, since UTF-8 never has fewer bytes than UTF-16 has chars), encode after the guessed header,
        // and slide right only when multibyte text pushed the length into a bigger size class.
        // UTF-8 needs at most 3 bytes per UTF-16 char (a surrogate pair is 2 chars for 4 bytes), plus one char of slack
        // as Encoding.UTF8.GetMaxByteCount allows; computed here to skip a virtual call per string.
        if (value.Length > (int.MaxValue / 3) - 8)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "The string is too long to encode.");
        }

        var maxBytes = (value.Length + 1) * 3;
        var guessedHeader = StringHeaderSize(value.Length);
        var s = Reserve(StringHeaderSize(maxBytes) + maxBytes);
        Utf8.FromUtf16(value, s[guessedHeader..], out _, out var length, replaceInvalidSequences: true);
        var header = StringHeaderSize(length);
        if (header != guessedHeader)
        {
            s.Slice(guessedHeader, length).CopyTo(s[header..]);
        }

        WriteStringHeader(s, length);
        Commit(header + length);
    }

    /// <summary>Writes already-encoded UTF-8 as a string.</summary>
    public void WriteString(ReadOnlySpan<byte> utf8)
    {
        var header = StringHeaderSize(utf8.Length);
        var s = Reserve(header + utf8.Length);
        WriteStringHeader(s, utf8.Length);
        utf8.CopyTo(s[header..]);
        Commit(header + utf8.Length);
    }

    /// <summary>Writes a bin value (bin8/16/32).</summary>
    public void Write(ReadOnlySpan<byte> value)
    {
        WriteBinaryHeader(value.Length);
        var s = Reserve(value.Length);
        value.CopyTo(s);
        Commit(value.Length);
    }

    public void WriteBinaryHeader(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length <= byte.MaxValue)
        {
            var s = Reserve(2);
            s[0] = MessagePackCode.Bin8;
            s[1] = (byte)length;
            Commit(2);
        }
        else if (length <= ushort.MaxValue)
        {
            var s = Reserve(3);
            s[0] = MessagePackCode.Bin16;
            BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)length);
            Commit(3);
        }
        else
        {
            var s = Reserve(5);
            s[0] = MessagePackCode.Bin32;
            BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)length);
            Commit(5);
        }
    }

    public void WriteArrayHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteContainerHeader((uint)count, MessagePackCode.MinFixArray, MessagePackCode.Array16, MessagePackCode.Array32);
    }

    public void WriteMapHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteContainerHeader((uint)count, MessagePackCode.MinFixMap, MessagePackCode.Map16, MessagePackCode.Map32);
    }

    /// <summary>Writes an extension header in its smallest form (fixext 1/2/4/8/16 when the length allows).</summary>
    public void WriteExtensionHeader(ExtensionHeader header)
    {
        var typeByte = unchecked((byte)header.TypeCode);
        var fixCode = header.Length switch
        {
            1 => MessagePackCode.FixExt1,
            2 => MessagePackCode.FixExt2,
            4 => MessagePackCode.FixExt4,
            8 => MessagePackCode.FixExt8,
            16 => MessagePackCode.FixExt16,
            _ => (byte)0,
        };
        if (fixCode != 0)
        {
            var f = Reserve(2);
            f[0] = fixCode;
            f[1] = typeByte;
            Commit(2);
        }
        else if (header.Length <= byte.MaxValue)
        {
            var s = Reserve(3);
            s[0] = MessagePackCode.Ext8;
            s[1] = (byte)header.Length;
            s[2] = typeByte;
            Commit(3);
        }
        else if (header.Length <= ushort.MaxValue)
        {
            var s = Reserve(4);
            s[0] = MessagePackCode.Ext16;
            BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)header.Length);
            s[3] = typeByte;
            Commit(4);
        }
        else
        {
            var s = Reserve(6);
            s[0] = MessagePackCode.Ext32;
            BinaryPrimitives.WriteUInt32BigEndian(s[1..], header.Length);
            s[5] = typeByte;
            Commit(6);
        }
    }

    public void WriteExtension(sbyte typeCode, ReadOnlySpan<byte> payload)
    {
        WriteExtensionHeader(new ExtensionHeader(typeCode, (uint)payload.Length));
        var s = Reserve(payload.Length);
        payload.CopyTo(s);
        Commit(payload.Length);
    }

    /// <summary>Writes the timestamp extension (type -1) in its smallest form: 32-bit, 64-bit or 96-bit.</summary>
    public void WriteTimestamp(long seconds, uint nanoseconds)
    {
        if (nanoseconds > 999_999_999)
        {
            throw new ArgumentOutOfRangeException(nameof(nanoseconds), "Nanoseconds must be below one second.");
        }

        if ((ulong)seconds >> 34 == 0)
        {
            if (nanoseconds == 0 && seconds <= uint.MaxValue)
            {
                var s4 = Reserve(6);
                s4[0] = MessagePackCode.FixExt4;
                s4[1] = unchecked((byte)MessagePackCode.TimestampExtensionType);
                BinaryPrimitives.WriteUInt32BigEndian(s4[2..], (uint)seconds);
                Commit(6);
                return;
            }

            var s8 = Reserve(10);
            s8[0] = MessagePackCode.FixExt8;
            s8[1] = unchecked((byte)MessagePackCode.TimestampExtensionType);
            BinaryPrimitives.WriteUInt64BigEndian(s8[2..], ((ulong)nanoseconds << 34) | (ulong)seconds);
            Commit(10);
            return;
        }

        var s12 = Reserve(15);
        s12[0] = MessagePackCode.Ext8;
        s12[1] = 12;
        s12[2] = unchecked((byte)MessagePackCode.TimestampExtensionType);
        BinaryPrimitives.WriteUInt32BigEndian(s12[3..], nanoseconds);
        BinaryPrimitives.WriteInt64BigEndian(s12[7..], seconds);
        Commit(15);
    }

    /// <summary>Writes an instant as a timestamp extension, keeping its full 100 ns tick precision.</summary>
    public void Write(DateTimeOffset value)
    {
        var ticksSinceEpoch = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticksSinceEpoch, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        WriteTimestamp(seconds, (uint)(remainder * 100));
    }

    /// <summary>Copies bytes that are already valid MessagePack (e.g. a pre-encoded event) as they are.</summary>
    public void WriteRaw(ReadOnlySpan<byte> messagePack)
    {
        var s = Reserve(messagePack.Length);
        messagePack.CopyTo(s);
        Commit(messagePack.Length);
    }

    private void WriteContainerHeader(uint count, byte fixBase, byte code16, byte code32)
    {
        if (count <= 15)
        {
            Reserve(1)[0] = (byte)(fixBase | count);
            Commit(1);
        }
        else if (count <= ushort.MaxValue)
        {
            var s = Reserve(3);
            s[0] = code16;
            BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)count);
            Commit(3);
        }
        else
        {
            var s = Reserve(5);
            s[0] = code32;
            BinaryPrimitives.WriteUInt32BigEndian(s[1..], count);
            Commit(5);
        }
    }

    private static int StringHeaderSize(int byteLength) => byteLength switch
    {
        <= 31 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    private static void WriteStringHeader(Span<byte> destination, int length)
    {
        if (length <= 31)
        {
            destination[0] = (byte)(MessagePackCode.MinFixStr | length);
        }
        else if (length <= byte.MaxValue)
        {
            destination[0] = MessagePackCode.Str8;
            destination[1] = (byte)length;
        }
        else if (length <= ushort.MaxValue)
        {
            destination[0] = MessagePackCode.Str16;
            BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)length);
        }
        else
        {
            destination[0] = MessagePackCode.Str32;
            BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
        }
    }

    private void WriteCode(byte code)
    {
        Reserve(1)[0] = code;
        Commit(1);
    }

    /// <summary>Returns at least <paramref name="size"/> writable bytes at the current position.</summary>
    private Span<byte> Reserve(int size)
    {
        if (_span.Length - _buffered < size)
        {
            Refill(size);
        }

        return _span[_buffered..];
    }

    private void Commit(int count) => _buffered += count;

    private void Refill(int size)
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _buffered = 0;
        }

        _span = _output.GetSpan(Math.Max(size, DefaultSizeHint));
        if (_span.Length < size)
        {
            throw new InvalidOperationException("The output buffer returned a span smaller than requested.");
        }
    }
}

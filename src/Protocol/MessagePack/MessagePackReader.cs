using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace ActorStudio.Protocol.MessagePack;

/// <summary>
/// Reads MessagePack from one frame. Every length the data declares is checked against the limits in
/// <see cref="MessagePackReaderOptions"/> and against the bytes actually left before anything is allocated or walked,
/// and every failure is a <see cref="ProtocolException"/>.
/// </summary>
/// <remarks>
/// A single-segment sequence (the usual case: one WebSocket message in one buffer) is read in place. A multi-segment
/// sequence is first bounds-checked against <see cref="MessagePackReaderOptions.MaxFrameBytes"/> and copied once into
/// a pooled buffer, which <see cref="Dispose"/> returns; a reader must therefore be passed by <c>ref</c>.
/// </remarks>
public ref struct MessagePackReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly MessagePackReaderOptions _options;
    private byte[]? _rented;
    private int _position;

    public MessagePackReader(ReadOnlySpan<byte> data, MessagePackReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (data.Length > options.MaxFrameBytes)
        {
            ThrowFrameTooLarge(data.Length, options.MaxFrameBytes);
        }

        _data = data;
        _options = options;
        _rented = null;
        _position = 0;
    }

    public MessagePackReader(ReadOnlySequence<byte> data, MessagePackReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (data.Length > options.MaxFrameBytes)
        {
            ThrowFrameTooLarge(data.Length, options.MaxFrameBytes);
        }

        _options = options;
        _position = 0;
        if (data.IsSingleSegment)
        {
            _data = data.FirstSpan;
            _rented = null;
        }
        else
        {
            var length = (int)data.Length;
            _rented = ArrayPool<byte>.Shared.Rent(length);
            data.CopyTo(_rented);
            _data = _rented.AsSpan(0, length);
        }
    }

    /// <summary>Bytes read so far.</summary>
    public readonly int Consumed => _position;

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool End => _position >= _data.Length;

    public readonly MessagePackReaderOptions Options => _options;

    /// <summary>Returns the pooled copy of a multi-segment input, if one was made.</summary>
    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }

    /// <summary>The type family of the next value, without consuming it.</summary>
    public readonly MessagePackType NextType
    {
        get
        {
            var code = PeekCode();
            return code switch
            {
                <= MessagePackCode.MaxFixInt => MessagePackType.Integer,
                <= MessagePackCode.MaxFixMap => MessagePackType.Map,
                <= MessagePackCode.MaxFixArray => MessagePackType.Array,
                <= MessagePackCode.MaxFixStr => MessagePackType.String,
                MessagePackCode.Nil => MessagePackType.Nil,
                MessagePackCode.False or MessagePackCode.True => MessagePackType.Boolean,
                MessagePackCode.Bin8 or MessagePackCode.Bin16 or MessagePackCode.Bin32 => MessagePackType.Binary,
                MessagePackCode.Ext8 or MessagePackCode.Ext16 or MessagePackCode.Ext32 => MessagePackType.Extension,
                MessagePackCode.Float32 or MessagePackCode.Float64 => MessagePackType.Float,
                >= MessagePackCode.UInt8 and <= MessagePackCode.Int64 => MessagePackType.Integer,
                >= MessagePackCode.FixExt1 and <= MessagePackCode.FixExt16 => MessagePackType.Extension,
                >= MessagePackCode.Str8 and <= MessagePackCode.Str32 => MessagePackType.String,
                MessagePackCode.Array16 or MessagePackCode.Array32 => MessagePackType.Array,
                MessagePackCode.Map16 or MessagePackCode.Map32 => MessagePackType.Map,
                >= MessagePackCode.MinNegativeFixInt => MessagePackType.Integer,
                _ => MessagePackType.Unknown,
            };
        }
    }

    /// <summary>Consumes a nil and returns true, or returns false and consumes nothing.</summary>
    public bool TryReadNil()
    {
        if (PeekCode() == MessagePackCode.Nil)
        {
            _position++;
            return true;
        }

        return false;
    }

    public void ReadNil()
    {
        var code = ReadCode();
        if (code != MessagePackCode.Nil)
        {
            ThrowUnexpected(code, "nil");
        }
    }

    public bool ReadBoolean()
    {
        var code = ReadCode();
        return code switch
        {
            MessagePackCode.True => true,
            MessagePackCode.False => false,
            _ => ThrowUnexpected<bool>(code, "boolean"),
        };
    }

    /// <summary>Reads any integer encoding that fits a signed 64-bit value.</summary>
    public long ReadInt64()
    {
        var code = ReadCode();
        switch (code)
        {
            case <= MessagePackCode.MaxFixInt:
                return code;
            case >= MessagePackCode.MinNegativeFixInt:
                return unchecked((sbyte)code);
            case MessagePackCode.UInt8:
                return Take(1)[0];
            case MessagePackCode.UInt16:
                return BinaryPrimitives.ReadUInt16BigEndian(Take(2));
            case MessagePackCode.UInt32:
                return BinaryPrimitives.ReadUInt32BigEndian(Take(4));
            case MessagePackCode.UInt64:
                var u = BinaryPrimitives.ReadUInt64BigEndian(Take(8));
                if (u > long.MaxValue)
                {
                    ThrowOverflow("Int64");
                }

                return (long)u;
            case MessagePackCode.Int8:
                return unchecked((sbyte)Take(1)[0]);
            case MessagePackCode.Int16:
                return BinaryPrimitives.ReadInt16BigEndian(Take(2));
            case MessagePackCode.Int32:
                return BinaryPrimitives.ReadInt32BigEndian(Take(4));
            case MessagePackCode.Int64:
                return BinaryPrimitives.ReadInt64BigEndian(Take(8));
            default:
                return ThrowUnexpected<long>(code, "integer");
        }
    }

    /// <summary>Reads any integer encoding that fits an unsigned 64-bit value.</summary>
    public ulong ReadUInt64()
    {
        if (PeekCode() == MessagePackCode.UInt64)
        {
            _position++;
            return BinaryPrimitives.ReadUInt64BigEndian(Take(8));
        }

        var value = ReadInt64();
        if (value < 0)
        {
            ThrowOverflow("UInt64");
        }

        return (ulong)value;
    }

    public int ReadInt32()
    {
        var value = ReadInt64();
        if (value is < int.MinValue or > int.MaxValue)
        {
            ThrowOverflow("Int32");
        }

        return (int)value;
    }

    /// <summary>Reads a float32 or float64, or an integer (encoders such as JavaScript's write whole numbers as ints).</summary>
    public double ReadDouble()
    {
        var code = PeekCode();
        switch (code)
        {
            case MessagePackCode.Float64:
                _position++;
                return BinaryPrimitives.ReadDoubleBigEndian(Take(8));
            case MessagePackCode.Float32:
                _position++;
                return BinaryPrimitives.ReadSingleBigEndian(Take(4));
            case MessagePackCode.UInt64:
                return ReadUInt64();
            default:
                return ReadInt64();
        }
    }

    public float ReadSingle()
    {
        if (PeekCode() == MessagePackCode.Float32)
        {
            _position++;
            return BinaryPrimitives.ReadSingleBigEndian(Take(4));
        }

        return (float)ReadDouble();
    }

    /// <summary>Reads a string header and returns the UTF-8 bytes in place (validated as UTF-8).</summary>
    public ReadOnlySpan<byte> ReadStringSpan()
    {
        var code = ReadCode();
        int length;
        switch (code)
        {
            case >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr:
                length = code & 0x1f;
                break;
            case MessagePackCode.Str8:
                length = Take(1)[0];
                break;
            case MessagePackCode.Str16:
                length = BinaryPrimitives.ReadUInt16BigEndian(Take(2));
                break;
            case MessagePackCode.Str32:
                length = CheckedLength(BinaryPrimitives.ReadUInt32BigEndian(Take(4)));
                break;
            default:
                ThrowUnexpected(code, "string");
                return default;
        }

        var bytes = TakePayload(length);
        if (!Utf8.IsValid(bytes))
        {
            throw new ProtocolException(ProtocolErrorCode.InvalidUtf8, "A string is not valid UTF-8.");
        }

        return bytes;
    }

    public string ReadString()
    {
        var bytes = ReadStringSpan();
        return bytes.Length == 0 ? string.Empty : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads a string or nil.</summary>
    public string? ReadNullableString() => TryReadNil() ? null : ReadString();

    /// <summary>Reads a bin value and returns its bytes in place.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var code = ReadCode();
        var length = code switch
        {
            MessagePackCode.Bin8 => Take(1)[0],
            MessagePackCode.Bin16 => BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
            MessagePackCode.Bin32 => CheckedLength(BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            _ => ThrowUnexpected<int>(code, "binary"),
        };
        return TakePayload(length);
    }

    /// <summary>Reads an array header. The count is checked against the limit and against the bytes left.</summary>
    public int ReadArrayHeader()
    {
        var code = ReadCode();
        var count = code switch
        {
            >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray => code & 0x0f,
            MessagePackCode.Array16 => BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
            MessagePackCode.Array32 => CheckedCount(BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            _ => ThrowUnexpected<int>(code, "array"),
        };
        CheckCollection(count, 1);
        return count;
    }

    /// <summary>Reads a map header (number of key/value pairs), checked like <see cref="ReadArrayHeader"/>.</summary>
    public int ReadMapHeader()
    {
        var code = ReadCode();
        var count = code switch
        {
            >= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap => code & 0x0f,
            MessagePackCode.Map16 => BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
            MessagePackCode.Map32 => CheckedCount(BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            _ => ThrowUnexpected<int>(code, "map"),
        };
        CheckCollection(count, 2);
        return count;
    }

    /// <summary>Reads an extension header; its payload length is checked against the limit and the bytes left.</summary>
    public ExtensionHeader ReadExtensionHeader()
    {
        var code = ReadCode();
        uint length;
        switch (code)
        {
            case MessagePackCode.FixExt1: length = 1; break;
            case MessagePackCode.FixExt2: length = 2; break;
            case MessagePackCode.FixExt4: length = 4; break;
            case MessagePackCode.FixExt8: length = 8; break;
            case MessagePackCode.FixExt16: length = 16; break;
            case MessagePackCode.Ext8: length = Take(1)[0]; break;
            case MessagePackCode.Ext16: length = BinaryPrimitives.ReadUInt16BigEndian(Take(2)); break;
            case MessagePackCode.Ext32: length = BinaryPrimitives.ReadUInt32BigEndian(Take(4)); break;
            default: return ThrowUnexpected<ExtensionHeader>(code, "extension");
        }

        var type = unchecked((sbyte)Take(1)[0]);
        CheckPayload(CheckedLength(length));
        return new ExtensionHeader(type, length);
    }

    /// <summary>Reads a whole extension value and returns its payload in place.</summary>
    public ReadOnlySpan<byte> ReadExtension(out sbyte typeCode)
    {
        var header = ReadExtensionHeader();
        typeCode = header.TypeCode;
        return Take((int)header.Length);
    }

    /// <summary>Reads a timestamp extension (any of its three forms) as seconds and nanoseconds since the Unix epoch.</summary>
    public (long Seconds, uint Nanoseconds) ReadTimestampParts()
    {
        var start = _position;
        var payload = ReadExtension(out var type);
        if (type != MessagePackCode.TimestampExtensionType)
        {
            _position = start;
            throw new ProtocolException(ProtocolErrorCode.UnexpectedType, $"Expected a timestamp extension but found extension type {type}.");
        }

        switch (payload.Length)
        {
            case 4:
                return (BinaryPrimitives.ReadUInt32BigEndian(payload), 0);
            case 8:
                var packed = BinaryPrimitives.ReadUInt64BigEndian(payload);
                var nanos64 = (uint)(packed >> 34);
                CheckNanoseconds(nanos64);
                return ((long)(packed & 0x3_ffff_ffffUL), nanos64);
            case 12:
                var nanos96 = BinaryPrimitives.ReadUInt32BigEndian(payload);
                CheckNanoseconds(nanos96);
                return (BinaryPrimitives.ReadInt64BigEndian(payload[4..]), nanos96);
            default:
                throw new ProtocolException(ProtocolErrorCode.InvalidTimestamp, $"A timestamp extension has {payload.Length} bytes; expected 4, 8 or 12.");
        }
    }

    /// <summary>Reads a timestamp extension as an instant (100 ns precision; finer digits are truncated).</summary>
    public DateTimeOffset ReadTimestamp()
    {
        var (seconds, nanoseconds) = ReadTimestampParts();
        const long MinSeconds = -62_135_596_800; // 0001-01-01T00:00:00Z
        const long MaxSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z
        if (seconds is < MinSeconds or > MaxSeconds)
        {
            throw new ProtocolException(ProtocolErrorCode.InvalidTimestamp, "A timestamp is outside the supported range (years 1-9999).");
        }

        return DateTimeOffset.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100));
    }

    /// <summary>Reads a timestamp or nil.</summary>
    public DateTimeOffset? ReadNullableTimestamp() => TryReadNil() ? null : ReadTimestamp();

    /// <summary>
    /// Skips the next value, walking (and validating) everything nested in it: every declared length is checked, and
    /// nesting deeper than <see cref="MessagePackReaderOptions.MaxDepth"/> is refused. Allocates nothing.
    /// </summary>
    public void Skip() => Skip(0);

    /// <summary>Skips the next value and returns its encoded bytes (validated as by <see cref="Skip()"/>).</summary>
    public ReadOnlySpan<byte> ReadRaw()
    {
        var start = _position;
        Skip(0);
        return _data[start.._position];
    }

    private void Skip(int depth)
    {
        var code = PeekCode();
        switch (code)
        {
            case <= MessagePackCode.MaxFixInt:
            case >= MessagePackCode.MinNegativeFixInt:
            case MessagePackCode.Nil:
            case MessagePackCode.True:
            case MessagePackCode.False:
                _position++;
                return;
            case <= MessagePackCode.MaxFixMap:
            case MessagePackCode.Map16:
            case MessagePackCode.Map32:
                EnterContainer(depth);
                var pairs = ReadMapHeader();
                for (var i = 0; i < pairs; i++)
                {
                    Skip(depth + 1);
                    Skip(depth + 1);
                }

                return;
            case <= MessagePackCode.MaxFixArray:
            case MessagePackCode.Array16:
            case MessagePackCode.Array32:
                EnterContainer(depth);
                var items = ReadArrayHeader();
                for (var i = 0; i < items; i++)
                {
                    Skip(depth + 1);
                }

                return;
            case <= MessagePackCode.MaxFixStr:
            case MessagePackCode.Str8:
            case MessagePackCode.Str16:
            case MessagePackCode.Str32:
                ReadStringSpan();
                return;
            case MessagePackCode.Bin8:
            case MessagePackCode.Bin16:
            case MessagePackCode.Bin32:
                ReadBytes();
                return;
            case MessagePackCode.Float32:
            case MessagePackCode.Float64:
                ReadDouble();
                return;
            case >= MessagePackCode.UInt8 and <= MessagePackCode.UInt64:
                ReadUInt64();
                return;
            case >= MessagePackCode.Int8 and <= MessagePackCode.Int64:
                ReadInt64();
                return;
            case MessagePackCode.Ext8:
            case MessagePackCode.Ext16:
            case MessagePackCode.Ext32:
            case >= MessagePackCode.FixExt1 and <= MessagePackCode.FixExt16:
                var start = _position;
                var header = ReadExtensionHeader();
                if (header.TypeCode == MessagePackCode.TimestampExtensionType)
                {
                    _position = start;
                    ReadTimestampParts();
                }
                else
                {
                    Take((int)header.Length);
                }

                return;
            default:
                ThrowReserved();
                return;
        }
    }

    private readonly void EnterContainer(int depth)
    {
        if (depth >= _options.MaxDepth)
        {
            throw new ProtocolException(ProtocolErrorCode.DepthExceeded, $"Containers are nested deeper than {_options.MaxDepth} levels.");
        }
    }

    private readonly byte PeekCode()
    {
        if (_position >= _data.Length)
        {
            ThrowTruncated();
        }

        var code = _data[_position];
        if (code == MessagePackCode.NeverUsed)
        {
            ThrowReserved();
        }

        return code;
    }

    private byte ReadCode()
    {
        var code = PeekCode();
        _position++;
        return code;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_data.Length - _position < count)
        {
            ThrowTruncated();
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    private ReadOnlySpan<byte> TakePayload(int length)
    {
        CheckPayload(length);
        return Take(length);
    }

    private readonly void CheckPayload(int length)
    {
        if (length > _options.MaxStringBytes)
        {
            throw new ProtocolException(ProtocolErrorCode.StringTooLong, $"A value declares {length} bytes; the limit is {_options.MaxStringBytes}.");
        }

        if (length > _data.Length - _position)
        {
            ThrowTruncated();
        }
    }

    private readonly void CheckCollection(int count, int bytesPerElement)
    {
        if (count > _options.MaxCollectionLength)
        {
            throw new ProtocolException(ProtocolErrorCode.CollectionTooLarge, $"A collection declares {count} elements; the limit is {_options.MaxCollectionLength}.");
        }

        // Every element takes at least one byte, so a count the remaining bytes cannot hold is a lie: refuse it now
        // instead of letting a caller size a list by it.
        if ((long)count * bytesPerElement > _data.Length - _position)
        {
            ThrowTruncated();
        }
    }

    private readonly int CheckedLength(uint length)
    {
        if (length > int.MaxValue)
        {
            throw new ProtocolException(ProtocolErrorCode.StringTooLong, $"A value declares {length} bytes; the limit is {_options.MaxStringBytes}.");
        }

        return (int)length;
    }

    private readonly int CheckedCount(uint count)
    {
        if (count > int.MaxValue)
        {
            throw new ProtocolException(ProtocolErrorCode.CollectionTooLarge, $"A collection declares {count} elements; the limit is {_options.MaxCollectionLength}.");
        }

        return (int)count;
    }

    private static void CheckNanoseconds(uint nanoseconds)
    {
        if (nanoseconds > 999_999_999)
        {
            throw new ProtocolException(ProtocolErrorCode.InvalidTimestamp, "A timestamp's nanoseconds field is not below one second.");
        }
    }

    [DoesNotReturn]
    private static void ThrowTruncated() =>
        throw new ProtocolException(ProtocolErrorCode.Truncated, "The data ended before the value it announced.");

    [DoesNotReturn]
    private static void ThrowReserved() =>
        throw new ProtocolException(ProtocolErrorCode.ReservedCode, "The reserved byte 0xc1 is not valid MessagePack.");

    [DoesNotReturn]
    private static void ThrowFrameTooLarge(long length, int limit) =>
        throw new ProtocolException(ProtocolErrorCode.FrameTooLarge, $"The frame has {length} bytes; the limit is {limit}.");

    [DoesNotReturn]
    private static void ThrowOverflow(string target) =>
        throw new ProtocolException(ProtocolErrorCode.IntegerOverflow, $"An integer does not fit {target}.");

    [DoesNotReturn]
    private static void ThrowUnexpected(byte code, string expected) =>
        throw new ProtocolException(ProtocolErrorCode.UnexpectedType, $"Expected {expected} but found format byte 0x{code:x2}.");

    [DoesNotReturn]
    private static T ThrowUnexpected<T>(byte code, string expected) =>
        throw new ProtocolException(ProtocolErrorCode.UnexpectedType, $"Expected {expected} but found format byte 0x{code:x2}.");
}

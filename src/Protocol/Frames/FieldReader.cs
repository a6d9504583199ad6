using System.Runtime.CompilerServices;
using ActorStudio.Protocol.MessagePack;

namespace ActorStudio.Protocol.Frames;

/// <summary>Reads fields with the checks every message shares: bounded ids, known enum values, frame shape.</summary>
internal static class FieldReader
{
    /// <summary>Reads a frame's array header and checks it holds the type code plus at least <paramref name="fields"/> fields.</summary>
    public static void ExpectFields(int arrayLength, int fields, MessageType type)
    {
        if (arrayLength - 1 < fields)
        {
            throw new ProtocolException(ProtocolErrorCode.MalformedFrame, $"{type} needs {fields} fields but the frame has {arrayLength - 1}.");
        }
    }

    /// <summary>Skips fields a newer peer added after the ones this version knows (forward compatibility).</summary>
    public static void SkipExtraFields(ref MessagePackReader reader, int arrayLength, int knownFields)
    {
        for (var i = knownFields + 1; i < arrayLength; i++)
        {
            reader.Skip();
        }
    }

    public static string ReadCommandId(ref MessagePackReader reader) => ReadId(reader: ref reader, field: "commandId", maxBytes: ProtocolLimits.MaxCommandIdBytes);

    public static string? ReadNullableCommandId(ref MessagePackReader reader) =>
        reader.TryReadNil() ? null : ReadCommandId(ref reader);

    /// <summary>Reads a non-empty identifier no longer than <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    public static string ReadId(ref MessagePackReader reader, string field, int maxBytes = ProtocolLimits.MaxIdBytes)
    {
        var bytes = reader.ReadStringSpan();
        if (bytes.Length == 0 || bytes.Length > maxBytes)
        {
            throw new ProtocolException(ProtocolErrorCode.InvalidField, $"{field} must be 1 to {maxBytes} UTF-8 bytes.");
        }

        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    public static string? ReadNullableId(ref MessagePackReader reader, string field) =>
        reader.TryReadNil() ? null : ReadId(ref reader, field);

    public static int? ReadNullableInt32(ref MessagePackReader reader) => reader.TryReadNil() ? null : reader.ReadInt32();

    public static long? ReadNullableInt64(ref MessagePackReader reader) => reader.TryReadNil() ? null : reader.ReadInt64();

    /// <summary>Reads an int-backed enum and refuses values it does not define.</summary>
    public static TEnum ReadEnum<TEnum>(ref MessagePackReader reader, string field)
        where TEnum : struct, Enum
    {
        var raw = reader.ReadInt64();
        var value = (int)Math.Clamp(raw, int.MinValue, int.MaxValue);
        var candidate = Unsafe.As<int, TEnum>(ref value);
        if (raw != value || !Enum.IsDefined(candidate))
        {
            throw new ProtocolException(ProtocolErrorCode.InvalidField, $"{field} has the unknown value {raw}.");
        }

        return candidate;
    }

    public static int ReadRange(ref MessagePackReader reader, string field, int min, int max)
    {
        var value = reader.ReadInt64();
        if (value < min || value > max)
        {
            throw new ProtocolException(ProtocolErrorCode.InvalidField, $"{field} must be between {min} and {max}.");
        }

        return (int)value;
    }
}

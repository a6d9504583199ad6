using System.Buffers;
using System.Text.Json;

namespace ActorStudio.LoadTester.Targets.SignalR;

/// <summary>
/// SignalR's JSON hub protocol over a raw WebSocket: records are JSON objects each followed by the
/// record separator 0x1E; one WebSocket message may carry several. Written from the published spec
/// because the .NET SignalR client package does not restore here.
/// </summary>
public static class SignalRFraming
{
    public const byte RecordSeparator = 0x1E;

    /// <summary>The first message of every connection: JSON protocol, version 1.</summary>
    public static ReadOnlySpan<byte> HandshakeRequest => "{\"protocol\":\"json\",\"version\":1}\u001e"u8;

    public static ReadOnlySpan<byte> Ping => "{\"type\":6}\u001e"u8;

    /// <summary>Splits off the next complete record (without its separator); false when none is left.</summary>
    public static bool TryReadRecord(ref ReadOnlySpan<byte> buffer, out ReadOnlySpan<byte> record)
    {
        int end = buffer.IndexOf(RecordSeparator);
        if (end < 0)
        {
            record = default;
            return false;
        }

        record = buffer[..end];
        buffer = buffer[(end + 1)..];
        return true;
    }

    /// <summary>Writes an invocation record; a null <paramref name="invocationId"/> makes it fire-and-forget (no completion comes back).</summary>
    public static void WriteInvocation(IBufferWriter<byte> output, string? invocationId, string target, ReadOnlySpan<string> arguments)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteNumber("type"u8, (int)SignalRMessageType.Invocation);
            if (invocationId is not null)
            {
                writer.WriteString("invocationId"u8, invocationId);
            }

            writer.WriteString("target"u8, target);
            writer.WriteStartArray("arguments"u8);
            foreach (string argument in arguments)
            {
                writer.WriteStringValue(argument);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        output.GetSpan(1)[0] = RecordSeparator;
        output.Advance(1);
    }

    /// <summary>
    /// Writes a fire-and-forget invocation whose single argument is already UTF-8 text that needs no
    /// JSON escaping (the load tester's stamped chat text), without building a string.
    /// </summary>
    public static void WriteRawTextInvocation(IBufferWriter<byte> output, ReadOnlySpan<byte> target, ReadOnlySpan<byte> utf8Text)
    {
        Append(output, "{\"type\":1,\"target\":\""u8);
        Append(output, target);
        Append(output, "\",\"arguments\":[\""u8);
        Append(output, utf8Text);
        Append(output, "\"]}\u001e"u8);
    }

    /// <summary>Reads the fields the load tester needs from one record, without allocating.</summary>
    public static SignalRRecord Parse(ReadOnlySpan<byte> record)
    {
        var reader = new Utf8JsonReader(record, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        int type = -1;
        ReadOnlySpan<byte> target = default;
        ReadOnlySpan<byte> invocationId = default;
        ReadOnlySpan<byte> error = default;
        ReadOnlySpan<byte> lastString = default;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("a hub record must be a JSON object");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                target = reader.ValueSpan;
            }
            else if (reader.ValueTextEquals("invocationId"u8))
            {
                reader.Read();
                invocationId = reader.ValueSpan;
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                error = reader.TokenType == JsonTokenType.String ? reader.ValueSpan : default;
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        lastString = reader.ValueSpan;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        bool handshake = type < 0;
        return new SignalRRecord(handshake ? SignalRMessageType.Handshake : (SignalRMessageType)type, target, invocationId, error, lastString, handshake);
    }

    private static void Append(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }
}

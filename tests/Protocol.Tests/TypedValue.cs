using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using ActorStudio.Protocol.MessagePack;

namespace ActorStudio.Protocol.Tests;

/// <summary>
/// A type-exact JSON description of a MessagePack value, shared with tests/js/msgpack-conformance.mjs:
/// ints as decimal strings, floats as their IEEE bits in hex, binaries in hex, timestamps as seconds + nanoseconds.
/// </summary>
internal static class TypedValue
{
    public static JsonNode Nil() => new JsonObject { ["t"] = "nil" };

    public static JsonNode Bool(bool v) => new JsonObject { ["t"] = "bool", ["v"] = v };

    public static JsonNode Int(BigInteger v) => new JsonObject { ["t"] = "int", ["v"] = v.ToString(CultureInfo.InvariantCulture) };

    public static JsonNode F32(float v)
    {
        var bits = new byte[4];
        BinaryPrimitives.WriteSingleBigEndian(bits, v);
        return new JsonObject { ["t"] = "f32", ["v"] = Convert.ToHexStringLower(bits) };
    }

    public static JsonNode F64(double v)
    {
        var bits = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(bits, v);
        return new JsonObject { ["t"] = "f64", ["v"] = Convert.ToHexStringLower(bits) };
    }

    public static JsonNode Str(string v) => new JsonObject { ["t"] = "str", ["v"] = v };

    public static JsonNode Bin(byte[] v) => new JsonObject { ["t"] = "bin", ["v"] = Convert.ToHexStringLower(v) };

    public static JsonNode Arr(IEnumerable<JsonNode> items) => new JsonObject { ["t"] = "arr", ["v"] = new JsonArray(items.ToArray()) };

    public static JsonNode Map(IEnumerable<(JsonNode Key, JsonNode Value)> pairs) =>
        new JsonObject { ["t"] = "map", ["v"] = new JsonArray(pairs.Select(p => (JsonNode)new JsonArray(p.Key, p.Value)).ToArray()) };

    public static JsonNode Ext(sbyte type, byte[] data) => new JsonObject { ["t"] = "ext", ["type"] = (int)type, ["v"] = Convert.ToHexStringLower(data) };

    public static JsonNode Timestamp(long seconds, uint nanoseconds) =>
        new JsonObject { ["t"] = "ts", ["sec"] = seconds.ToString(CultureInfo.InvariantCulture), ["nsec"] = nanoseconds };

    /// <summary>Encodes a typed description with the writer API that matches each type.</summary>
    public static void Write(ref MessagePackWriter writer, JsonNode node)
    {
        var t = (string)node["t"]!;
        switch (t)
        {
            case "nil": writer.WriteNil(); break;
            case "bool": writer.Write((bool)node["v"]!); break;
            case "int":
                var value = BigInteger.Parse((string)node["v"]!, CultureInfo.InvariantCulture);
                if (value.Sign < 0)
                {
                    writer.Write((long)value);
                }
                else
                {
                    writer.Write((ulong)value);
                }

                break;
            case "f32": writer.Write(BinaryPrimitives.ReadSingleBigEndian(Convert.FromHexString((string)node["v"]!))); break;
            case "f64": writer.Write(BinaryPrimitives.ReadDoubleBigEndian(Convert.FromHexString((string)node["v"]!))); break;
            case "str": writer.Write((string)node["v"]!); break;
            case "bin": writer.Write(Convert.FromHexString((string)node["v"]!).AsSpan()); break;
            case "arr":
                var items = node["v"]!.AsArray();
                writer.WriteArrayHeader(items.Count);
                foreach (var item in items)
                {
                    Write(ref writer, item!);
                }

                break;
            case "map":
                var pairs = node["v"]!.AsArray();
                writer.WriteMapHeader(pairs.Count);
                foreach (var pair in pairs)
                {
                    Write(ref writer, pair![0]!);
                    Write(ref writer, pair[1]!);
                }

                break;
            case "ext": writer.WriteExtension((sbyte)(int)node["type"]!, Convert.FromHexString((string)node["v"]!)); break;
            case "ts": writer.WriteTimestamp(long.Parse((string)node["sec"]!, CultureInfo.InvariantCulture), (uint)node["nsec"]!); break;
            default: throw new InvalidOperationException("unknown typed value " + t);
        }
    }

    /// <summary>Decodes one value into its typed description, keeping the encoded type (int vs float32 vs float64...).</summary>
    public static JsonNode Read(ref MessagePackReader reader)
    {
        switch (reader.NextType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return Nil();
            case MessagePackType.Boolean:
                return Bool(reader.ReadBoolean());
            case MessagePackType.Integer:
            {
                var raw = reader.ReadRaw();
                var sub = new MessagePackReader(raw, reader.Options);
                return raw[0] == MessagePackCode.UInt64 ? Int(sub.ReadUInt64()) : Int(sub.ReadInt64());
            }

            case MessagePackType.Float:
            {
                var raw = reader.ReadRaw();
                var sub = new MessagePackReader(raw, reader.Options);
                return raw[0] == MessagePackCode.Float32 ? F32(sub.ReadSingle()) : F64(sub.ReadDouble());
            }

            case MessagePackType.String:
                return Str(reader.ReadString());
            case MessagePackType.Binary:
                return Bin(reader.ReadBytes().ToArray());
            case MessagePackType.Array:
            {
                var count = reader.ReadArrayHeader();
                var items = new List<JsonNode>(count);
                for (var i = 0; i < count; i++)
                {
                    items.Add(Read(ref reader));
                }

                return Arr(items);
            }

            case MessagePackType.Map:
            {
                var count = reader.ReadMapHeader();
                var pairs = new List<(JsonNode, JsonNode)>(count);
                for (var i = 0; i < count; i++)
                {
                    var key = Read(ref reader);
                    pairs.Add((key, Read(ref reader)));
                }

                return Map(pairs);
            }

            case MessagePackType.Extension:
            {
                var raw = reader.ReadRaw();
                var sub = new MessagePackReader(raw, reader.Options);
                var probe = sub;
                if (probe.ReadExtensionHeader().TypeCode == MessagePackCode.TimestampExtensionType)
                {
                    var (seconds, nanoseconds) = sub.ReadTimestampParts();
                    return Timestamp(seconds, nanoseconds);
                }

                var payload = sub.ReadExtension(out var type);
                return Ext(type, payload.ToArray());
            }

            default:
                throw new InvalidOperationException("unknown MessagePack type");
        }
    }
}

using System.Numerics;
using System.Text.Json.Nodes;
using ActorStudio.Protocol.Frames;
using ActorStudio.Protocol.MessagePack;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;

namespace ActorStudio.Protocol.Tests;

/// <summary>
/// Our codec against @msgpack/msgpack under node (tests/js/msgpack-conformance.mjs), both directions, byte for byte:
/// a corpus of values covering every format and size class, and every protocol message through wwwroot/js/protocol.js.
/// </summary>
public sealed class MessagePackConformanceTests
{
    private static readonly MessagePackReaderOptions Unbounded = new()
    {
        MaxFrameBytes = int.MaxValue,
        MaxStringBytes = int.MaxValue,
        MaxCollectionLength = int.MaxValue,
        MaxDepth = 64,
    };

    [Fact]
    public async Task CodecAndEveryMessageMatchMsgpackJavaScriptByteForByte()
    {
        var values = ValueCorpus().Select(c => new JsonObject { ["name"] = c.Name, ["hex"] = Encode(c.Value), ["value"] = c.Value.DeepClone() }).ToList();
        var commands = ProtocolSamples.Commands.Select(c => new JsonObject
        {
            ["name"] = c.Name,
            ["hex"] = Hex(w => FrameWriter.WriteClientCommand(w, c.Command)),
            ["view"] = MessageView.Of(c.Command),
        }).ToList();
        var events = ProtocolSamples.Messages.Select(m => new JsonObject
        {
            ["name"] = m.Name,
            ["hex"] = Hex(w => FrameWriter.WriteServerMessage(w, m.Message)),
            ["view"] = new JsonArray(MessageView.Of(m.Message)),
        }).ToList();
        var batch = ProtocolSamples.Messages.Select(m => m.Message).ToArray();
        events.Add(new JsonObject
        {
            ["name"] = "batch-of-everything",
            ["hex"] = Hex(w => FrameWriter.WriteBatch(w, batch)),
            ["view"] = MessageView.Of(batch),
        });

        var request = new JsonObject
        {
            ["values"] = new JsonArray(values.ToArray<JsonNode>()),
            ["commands"] = new JsonArray(commands.ToArray<JsonNode>()),
            ["events"] = new JsonArray(events.ToArray<JsonNode>()),
        };
        var run = await NodeScript.RunAsync("tests/js/msgpack-conformance.mjs", request.ToJsonString(), TimeSpan.FromSeconds(60));
        var response = JsonNode.Parse(run.StandardOutput)!;

        var failures = new List<string>();

        // C# → JS: JS decodes our bytes to the described value, and encodes the described value to our very bytes.
        var valueResults = response["values"]!.AsArray();
        Assert.Equal(values.Count, valueResults.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var r = valueResults[i]!;
            Check(failures, (string)r["name"]!, (string?)r["decodeError"], (string?)r["encodeError"], (string)values[i]["hex"]!, (string?)r["encodedHex"]);
        }

        // Commands: protocol.js encodes the same bytes as FrameWriter, and FrameReader reads them back to the same record.
        var commandResults = response["commands"]!.AsArray();
        Assert.Equal(commands.Count, commandResults.Count);
        for (var i = 0; i < commands.Count; i++)
        {
            var r = commandResults[i]!;
            var name = (string)r["name"]!;
            Check(failures, name, (string?)r["error"], null, (string)commands[i]["hex"]!, (string?)r["encodedHex"]);
            if (r["encodedHex"] is not null)
            {
                var decoded = FrameReader.ReadClientCommand(Convert.FromHexString((string)r["encodedHex"]!));
                if (decoded != ProtocolSamples.Commands[i].Command)
                {
                    failures.Add($"{name}: C# decoded {decoded} from protocol.js bytes");
                }
            }
        }

        // Server frames: protocol.js decodes our bytes to the expected objects; a generic decode/encode gives our bytes.
        var eventResults = response["events"]!.AsArray();
        Assert.Equal(events.Count, eventResults.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var r = eventResults[i]!;
            Check(failures, (string)r["name"]!, (string?)r["error"], (string?)r["reencodeError"], (string)events[i]["hex"]!, (string?)r["reencodedHex"]);
        }

        // JS → C#: values encoded by @msgpack/msgpack decode to their description, and re-encode to the same bytes.
        var jsValues = response["jsValues"]!.AsArray();
        Assert.True(jsValues.Count > 300, "the JS corpus should hold several hundred values");
        foreach (var js in jsValues)
        {
            var name = (string)js!["name"]!;
            var bytes = Convert.FromHexString((string)js["hex"]!);
            var reader = new MessagePackReader(bytes, Unbounded);
            var decoded = TypedValue.Read(ref reader);
            if (!JsonNode.DeepEquals(decoded, js["value"]) || !reader.End)
            {
                failures.Add($"{name}: C# decoded {decoded.ToJsonString()} expected {js["value"]!.ToJsonString()}");
            }

            var again = Encode(js["value"]!);
            if (again != (string)js["hex"]!)
            {
                failures.Add($"{name}: C# encodes {Short(again)} but JS encoded {Short((string)js["hex"]!)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(40)));
    }

    [Fact]
    public void EveryServerMessageRoundTripsThroughFrameReader()
    {
        foreach (var (name, message) in ProtocolSamples.Messages)
        {
            var bytes = Convert.FromHexString(Hex(w => FrameWriter.WriteServerMessage(w, message)));
            var decoded = Assert.Single(FrameReader.ReadServerFrame(bytes));
            Assert.True(
                JsonNode.DeepEquals(MessageView.Of(message), MessageView.Of(decoded)),
                $"{name}: {MessageView.Of(decoded)!.ToJsonString()}");
        }

        var all = ProtocolSamples.Messages.Select(m => m.Message).ToArray();
        var batch = FrameReader.ReadServerFrame(Convert.FromHexString(Hex(w => FrameWriter.WriteServerFrame(w, all))));
        Assert.True(JsonNode.DeepEquals(MessageView.Of(all), MessageView.Of(batch)));
    }

    [Fact]
    public void EveryClientCommandRoundTripsThroughFrameReader()
    {
        foreach (var (name, command) in ProtocolSamples.Commands)
        {
            var bytes = Convert.FromHexString(Hex(w => FrameWriter.WriteClientCommand(w, command)));
            Assert.True(command == FrameReader.ReadClientCommand(bytes), name);
        }
    }

    [Fact]
    public void EveryMessageTypeHasASample()
    {
        var covered = ProtocolSamples.Commands.Select(c => c.Command.Type)
            .Concat(ProtocolSamples.Messages.Select(m => m.Message.Type))
            .Append(MessageType.Batch)
            .ToHashSet();
        var missing = Enum.GetValues<MessageType>().Where(t => !covered.Contains(t)).ToList();
        Assert.True(missing.Count == 0, "no sample for: " + string.Join(", ", missing));
    }

    private static void Check(List<string> failures, string name, string? error1, string? error2, string expectedHex, string? actualHex)
    {
        if (error1 is not null)
        {
            failures.Add($"{name}: {error1}");
        }

        if (error2 is not null)
        {
            failures.Add($"{name}: {error2}");
        }

        if (actualHex is not null && actualHex != expectedHex)
        {
            failures.Add($"{name}: JS bytes {Short(actualHex)} differ from C# bytes {Short(expectedHex)}");
        }
    }

    private static string Short(string hex) => hex.Length <= 80 ? hex : hex[..80] + $"…({hex.Length / 2} bytes)";

    private static string Encode(JsonNode typed) => Hex(output =>
    {
        var writer = new MessagePackWriter(output);
        TypedValue.Write(ref writer, typed);
        writer.Flush();
    });

    private static string Hex(Action<PooledBufferWriter> write)
    {
        using var output = new PooledBufferWriter(16);
        write(output);
        return Convert.ToHexStringLower(output.WrittenSpan);
    }

    /// <summary>Every format and every size class, with values on each boundary.</summary>
    private static IEnumerable<(string Name, JsonNode Value)> ValueCorpus()
    {
        yield return ("nil", TypedValue.Nil());
        yield return ("true", TypedValue.Bool(true));
        yield return ("false", TypedValue.Bool(false));

        BigInteger[] ints =
        [
            0, 1, 31, 32, 127, 128, 255, 256, 65_535, 65_536, uint.MaxValue, (BigInteger)uint.MaxValue + 1,
            (BigInteger)1 << 53, ((BigInteger)1 << 53) - 1, long.MaxValue, (BigInteger)long.MaxValue + 1, ulong.MaxValue,
            -1, -31, -32, -33, -127, -128, -129, -32_767, -32_768, -32_769, int.MinValue + 1, int.MinValue,
            (BigInteger)int.MinValue - 1, -((BigInteger)1 << 53), -(((BigInteger)1 << 53) - 1), long.MinValue + 1, long.MinValue,
        ];
        foreach (var i in ints)
        {
            yield return ($"int {i}", TypedValue.Int(i));
        }

        foreach (var f in new[] { 0.5f, -1.25f, 3.14159f, float.MaxValue, float.Epsilon, float.PositiveInfinity, float.NegativeInfinity, float.NaN })
        {
            yield return ($"f32 {f}", TypedValue.F32(f));
        }

        foreach (var d in new[] { 0.5, -1.25, Math.PI, 1e300, -1e-300, double.Epsilon, double.MaxValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 9_007_199_254_740_993.5e10 })
        {
            yield return ($"f64 {d}", TypedValue.F64(d));
        }

        foreach (var length in new[] { 0, 1, 31, 32, 255, 256, 65_535, 65_536, 100_000 })
        {
            yield return ($"str ascii {length}", TypedValue.Str(new string('a', length)));
            yield return ($"bin {length}", TypedValue.Bin(Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray()));
        }

        // Multibyte text whose UTF-16 length and UTF-8 length fall in different size classes.
        foreach (var (text, label) in new[] { ("é", "2-byte"), ("中", "3-byte"), ("🙂", "4-byte") })
        {
            foreach (var repeat in new[] { 1, 10, 11, 15, 16, 85, 86, 127, 128, 21_845, 21_846, 30_000 })
            {
                yield return ($"str {label} x{repeat}", TypedValue.Str(string.Concat(Enumerable.Repeat(text, repeat))));
            }
        }

        yield return ("str mixed", TypedValue.Str("ActorStudio — «ça marche» 中文 🎨\u0000\n"));

        foreach (var count in new[] { 0, 1, 15, 16, 65_535, 65_536 })
        {
            yield return ($"array {count}", TypedValue.Arr(Enumerable.Range(0, count).Select(i => TypedValue.Int(i % 300))));
        }

        foreach (var count in new[] { 0, 1, 15, 16, 65_535, 65_536 })
        {
            yield return ($"map {count}", TypedValue.Map(Enumerable.Range(0, count).Select(i => (TypedValue.Str("k" + i), TypedValue.Int(-i)))));
        }

        yield return ("nested", TypedValue.Arr([
            TypedValue.Map([(TypedValue.Str("a"), TypedValue.Arr([TypedValue.Nil(), TypedValue.Bool(true), TypedValue.F64(0.25)]))]),
            TypedValue.Arr([TypedValue.Arr([TypedValue.Arr([TypedValue.Str("deep")])])]),
        ]));

        foreach (var length in new[] { 1, 2, 3, 4, 5, 8, 16, 17, 255, 256, 65_535, 65_536 })
        {
            yield return ($"ext {length}", TypedValue.Ext((sbyte)(length % 100), Enumerable.Range(0, length).Select(i => (byte)i).ToArray()));
        }

        yield return ("ext empty", TypedValue.Ext(127, []));
        yield return ("ext negative type", TypedValue.Ext(-128, [1, 2, 3, 4]));

        (long, uint)[] stamps =
        [
            (0, 0), (1_763_773_170, 0), (uint.MaxValue, 0), ((long)uint.MaxValue + 1, 0), (1_763_773_170, 123_000_000),
            (0, 1), (17_179_869_183, 999_999_999), (17_179_869_184, 0), (-1, 0), (-62_135_596_800, 0), (253_402_300_799, 999_999_999),
            (-1, 999_999_999),
        ];
        foreach (var (seconds, nanoseconds) in stamps)
        {
            yield return ($"timestamp {seconds}.{nanoseconds:D9}", TypedValue.Timestamp(seconds, nanoseconds));
        }
    }
}

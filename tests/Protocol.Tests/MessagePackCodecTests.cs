using ActorStudio.Protocol.Frames;
using ActorStudio.Protocol.MessagePack;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Protocol.Tests;

public sealed class MessagePackCodecTests
{
    private static readonly MessagePackReaderOptions Generous = new()
    {
        MaxFrameBytes = 1 << 20,
        MaxStringBytes = 1 << 20,
        MaxCollectionLength = 1 << 20,
        MaxDepth = 16,
    };

    [Theory]
    [InlineData(0L, "00")]
    [InlineData(127L, "7f")]
    [InlineData(128L, "cc80")]
    [InlineData(256L, "cd0100")]
    [InlineData(65_536L, "ce00010000")]
    [InlineData(4_294_967_296L, "cf0000000100000000")]
    [InlineData(-1L, "ff")]
    [InlineData(-32L, "e0")]
    [InlineData(-33L, "d0df")]
    [InlineData(-129L, "d1ff7f")]
    [InlineData(-32_769L, "d2ffff7fff")]
    [InlineData(-2_147_483_649L, "d3ffffffff7fffffff")]
    public void IntegersUseTheSmallestEncoding(long value, string hex)
    {
        Assert.Equal(hex, Encode((ref MessagePackWriter w) => w.Write(value)));
        var reader = new MessagePackReader(Convert.FromHexString(hex), Generous);
        Assert.Equal(value, reader.ReadInt64());
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData(31, "bf")]
    [InlineData(32, "d920")]
    [InlineData(255, "d9ff")]
    [InlineData(256, "da0100")]
    [InlineData(65_536, "db00010000")]
    public void StringHeadersFollowTheUtf8Length(int length, string headerHex)
    {
        var text = new string('z', length);
        Assert.StartsWith(headerHex, Encode((ref MessagePackWriter w) => w.Write(text)), StringComparison.Ordinal);
    }

    [Fact]
    public void MultibyteStringsGrowTheirHeaderWhenTheCharacterCountWasTooOptimistic()
    {
        // 16 "é" = 32 bytes: 16 chars suggest a fixstr, the real length needs str8.
        Assert.Equal("d920" + string.Concat(Enumerable.Repeat("c3a9", 16)), Encode((ref MessagePackWriter w) => w.Write(new string('é', 16))));
        Assert.Equal("b6" + string.Concat(Enumerable.Repeat("c3a9", 11)), Encode((ref MessagePackWriter w) => w.Write(new string('é', 11))));
    }

    [Theory]
    [InlineData(0L, 0u, "d6ff00000000")]
    [InlineData(1L, 1u, "d7ff0000000400000001")]
    [InlineData(-1L, 0u, "c70cff00000000ffffffffffffffff")]
    public void TimestampsUseTheirSmallestForm(long seconds, uint nanoseconds, string hex)
    {
        Assert.Equal(hex, Encode((ref MessagePackWriter w) => w.WriteTimestamp(seconds, nanoseconds)));
        var reader = new MessagePackReader(Convert.FromHexString(hex), Generous);
        Assert.Equal((seconds, nanoseconds), reader.ReadTimestampParts());
    }

    [Fact]
    public void DateTimeOffsetKeepsTicksThroughTheTimestampExtension()
    {
        var instant = new DateTimeOffset(1969, 7, 20, 20, 17, 40, TimeSpan.Zero).AddTicks(1234567);
        var bytes = Convert.FromHexString(Encode((ref MessagePackWriter w) => w.Write(instant)));
        var reader = new MessagePackReader(bytes, Generous);
        Assert.Equal(instant, reader.ReadTimestamp());
    }

    [Theory]
    [InlineData("db ffffffff", ProtocolErrorCode.StringTooLong)]
    [InlineData("d9 05 6162", ProtocolErrorCode.Truncated)]
    [InlineData("dd 000f4240 00", ProtocolErrorCode.Truncated)]
    [InlineData("df ffffffff", ProtocolErrorCode.CollectionTooLarge)]
    [InlineData("c1", ProtocolErrorCode.ReservedCode)]
    [InlineData("a2 c328", ProtocolErrorCode.InvalidUtf8)]
    [InlineData("d7ff ffffffffffffffff", ProtocolErrorCode.InvalidTimestamp)]
    [InlineData("d5ff 0000", ProtocolErrorCode.InvalidTimestamp)]
    [InlineData("", ProtocolErrorCode.Truncated)]
    public void BadValuesAreRefusedWithTheirCode(string hex, ProtocolErrorCode code)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
        var ex = Assert.Throws<ProtocolException>(() =>
        {
            var reader = new MessagePackReader(bytes, new MessagePackReaderOptions { MaxStringBytes = 1024, MaxCollectionLength = 1 << 20 });
            reader.Skip();
        });
        Assert.Equal(code, ex.Code);
    }

    [Fact]
    public void NestingIsRefusedOneLevelPastTheLimit()
    {
        var options = new MessagePackReaderOptions { MaxDepth = 16 };
        var ok = Enumerable.Repeat((byte)0x91, 15).Append((byte)0x90).ToArray();
        var reader = new MessagePackReader(ok, options);
        reader.Skip();
        Assert.True(reader.End);

        var deep = Enumerable.Repeat((byte)0x91, 16).Append((byte)0x90).ToArray();
        var ex = Assert.Throws<ProtocolException>(() =>
        {
            var r = new MessagePackReader(deep, options);
            r.Skip();
        });
        Assert.Equal(ProtocolErrorCode.DepthExceeded, ex.Code);
    }

    [Fact]
    public void FramesLargerThanTheLimitAreRefusedBeforeReading()
    {
        var big = new byte[ProtocolLimits.MaxClientFrameBytes + 1];
        var ex = Assert.Throws<ProtocolException>(() => FrameReader.ReadClientCommand(big));
        Assert.Equal(ProtocolErrorCode.FrameTooLarge, ex.Code);
        Assert.Equal(ErrorCodes.FrameTooLarge, ex.WireCode);
    }

    [Theory]
    [InlineData("92 03 a0", ProtocolErrorCode.MalformedFrame)] // PostChat without text
    [InlineData("93 03 a0 a1 78", ProtocolErrorCode.InvalidField)] // empty command id
    [InlineData("93 63 a1 78 a1 78", ProtocolErrorCode.UnknownMessageType)] // type 99
    [InlineData("93 cd012c a1 78 a1 78", ProtocolErrorCode.UnknownMessageType)] // type 300
    [InlineData("93 a1 78 a1 78 a1 78", ProtocolErrorCode.MalformedFrame)] // type is a string
    [InlineData("90", ProtocolErrorCode.MalformedFrame)] // empty array
    [InlineData("03", ProtocolErrorCode.UnexpectedType)] // not an array
    [InlineData("92 02 05 00", ProtocolErrorCode.MalformedFrame)] // trailing byte
    [InlineData("94 14 a1 63 05 a1 78", ProtocolErrorCode.InvalidField)] // moderation target 5
    [InlineData("94 0b a1 63 a1 67 04", ProtocolErrorCode.InvalidField)] // variant index 4
    [InlineData("93 03 a1 63 c0", ProtocolErrorCode.UnexpectedType)] // nil text
    public void BadClientFramesAreRefusedWithTheirCode(string hex, ProtocolErrorCode code)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
        var ex = Assert.Throws<ProtocolException>(() => FrameReader.ReadClientCommand(bytes));
        Assert.Equal(code, ex.Code);
    }

    [Fact]
    public void ASnapshotCannotNestMessagesInsideItsChatToRecurse()
    {
        // Welcome whose snapshot's chat holds another Welcome: refused at the first nested type code.
        var participant = "94a170a1780101";
        var session = "94a173a178a170d6ff00000000";
        var innerWelcome = "9740000" + "1" + participant + "c2c000";
        var snapshot = "96" + session + "90" + "91" + innerWelcome + "90" + "9200c0" + "c2";
        var frame = Convert.FromHexString("9740000" + "1" + participant + "c2" + snapshot + "00");
        var ex = Assert.Throws<ProtocolException>(() => FrameReader.ReadServerFrame(frame));
        Assert.Equal(ProtocolErrorCode.MalformedFrame, ex.Code);
    }

    [Fact]
    public void CommandIdsLongerThan64BytesAreRefused()
    {
        var bytes = Frame(new PostChat(new string('c', 65), "hi"));
        Assert.Equal(ProtocolErrorCode.InvalidField, Assert.Throws<ProtocolException>(() => FrameReader.ReadClientCommand(bytes)).Code);
        Assert.Equal(new PostChat(new string('c', 64), "hi"), FrameReader.ReadClientCommand(Frame(new PostChat(new string('c', 64), "hi"))));
    }

    [Fact]
    public void ExtraTrailingFieldsFromANewerPeerAreSkipped()
    {
        // [3, "c1", "hi", {"future": [1, 2]}]
        var bytes = Convert.FromHexString("9403a26331a26869" + "81a6667574757265920102");
        Assert.Equal(new PostChat("c1", "hi"), FrameReader.ReadClientCommand(bytes));
    }

    [Fact]
    public void MultiSegmentFramesDecodeLikeSingleSegmentOnes()
    {
        var batch = ProtocolSamples.Messages.Select(m => m.Message).ToArray();
        using var output = new PooledBufferWriter(64);
        FrameWriter.WriteBatch(output, batch);
        var bytes = output.WrittenSpan.ToArray();
        foreach (var segment in new[] { 1, 7, 100, 4096 })
        {
            var messages = new List<ServerMessage>();
            FrameReader.ReadServerFrame(SequenceSegments.Split(bytes, segment), messages);
            Assert.Equal(batch.Length, messages.Count);
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(MessageView.Of(batch), MessageView.Of(messages)));
        }

        var command = new Generate("c-9", "a cat", "1:1", 7, null);
        Assert.Equal(command, FrameReader.ReadClientCommand(SequenceSegments.Split(Frame(command), 3)));
    }

    [Fact]
    public void EncodingABatchIntoAReusedBufferAllocatesNothing()
    {
        var batch = Enumerable.Range(0, 20).Select(i => (ServerMessage)ProtocolSamples.Chat(i, "message " + i)).ToArray();
        using var output = new PooledBufferWriter(8192);
        FrameWriter.WriteBatch(output, batch);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            output.Reset();
            FrameWriter.WriteBatch(output, batch);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void AWriterFlushesAcrossManySmallBuffers()
    {
        var tiny = new System.Buffers.ArrayBufferWriter<byte>(1);
        var text = string.Concat(Enumerable.Repeat("🙂", 5000));
        var writer = new MessagePackWriter(tiny);
        writer.WriteArrayHeader(3);
        writer.Write(text);
        writer.Write(long.MinValue);
        writer.Write(new byte[70_000]);
        writer.Flush();

        var reader = new MessagePackReader(tiny.WrittenSpan, Generous);
        Assert.Equal(3, reader.ReadArrayHeader());
        Assert.Equal(text, reader.ReadString());
        Assert.Equal(long.MinValue, reader.ReadInt64());
        Assert.Equal(70_000, reader.ReadBytes().Length);
        Assert.True(reader.End);
    }

    private static byte[] Frame(ClientCommand command)
    {
        using var output = new PooledBufferWriter(64);
        FrameWriter.WriteClientCommand(output, command);
        return output.WrittenSpan.ToArray();
    }

    private delegate void WriteAction(ref MessagePackWriter writer);

    private static string Encode(WriteAction write)
    {
        using var output = new PooledBufferWriter(16);
        var writer = new MessagePackWriter(output);
        write(ref writer);
        writer.Flush();
        return Convert.ToHexStringLower(output.WrittenSpan);
    }
}

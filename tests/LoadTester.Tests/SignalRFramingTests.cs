using System.Text;
using System.Text.Json;
using ActorStudio.LoadTester.Targets;
using ActorStudio.LoadTester.Targets.SignalR;

namespace ActorStudio.LoadTester.Tests;

public sealed class SignalRFramingTests
{
    [Fact]
    public void HandshakeAsksForJsonVersionOne()
    {
        string text = Encoding.UTF8.GetString(SignalRFraming.HandshakeRequest);
        Assert.EndsWith("\u001e", text, StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(text.TrimEnd('\u001e'));
        Assert.Equal("json", doc.RootElement.GetProperty("protocol").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("version").GetInt32());
    }

    [Fact]
    public void InvocationIsOneJsonRecordWithTheSeparator()
    {
        using var writer = new PooledBufferWriter();
        SignalRFraming.WriteInvocation(writer, "7", "JoinSession", ["s-1", "Ada \"the\" host"]);
        string text = Encoding.UTF8.GetString(writer.WrittenSpan);
        Assert.Equal(1, text.Count(c => c == '\u001e'));
        Assert.EndsWith("\u001e", text, StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(text.TrimEnd('\u001e'));
        Assert.Equal(1, doc.RootElement.GetProperty("type").GetInt32());
        Assert.Equal("7", doc.RootElement.GetProperty("invocationId").GetString());
        Assert.Equal("JoinSession", doc.RootElement.GetProperty("target").GetString());
        Assert.Equal(["s-1", "Ada \"the\" host"], doc.RootElement.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()!).ToArray());
    }

    [Fact]
    public void FireAndForgetInvocationHasNoInvocationId()
    {
        using var writer = new PooledBufferWriter();
        SignalRFraming.WriteRawTextInvocation(writer, "SendChat"u8, "lt:0:1:2:xxxx"u8);
        string text = Encoding.UTF8.GetString(writer.WrittenSpan);
        using JsonDocument doc = JsonDocument.Parse(text.TrimEnd('\u001e'));
        Assert.False(doc.RootElement.TryGetProperty("invocationId", out _));
        Assert.Equal("SendChat", doc.RootElement.GetProperty("target").GetString());
        Assert.Equal("lt:0:1:2:xxxx", doc.RootElement.GetProperty("arguments")[0].GetString());
    }

    [Fact]
    public void SeveralRecordsInOneMessageAreSplitInOrder()
    {
        byte[] message = Encoding.UTF8.GetBytes("{\"type\":6}\u001e{\"type\":1,\"target\":\"chat\",\"arguments\":[\"c1\",\"hi\"]}\u001e{\"type\":3,\"invocationId\":\"1\",\"result\":2}\u001e");
        ReadOnlySpan<byte> rest = message;
        var types = new List<SignalRMessageType>();
        while (SignalRFraming.TryReadRecord(ref rest, out ReadOnlySpan<byte> record))
        {
            types.Add(SignalRFraming.Parse(record).Type);
        }

        Assert.Equal([SignalRMessageType.Ping, SignalRMessageType.Invocation, SignalRMessageType.Completion], types);
        Assert.True(rest.IsEmpty);
    }

    [Fact]
    public void ChatInvocationExposesTargetAndText()
    {
        SignalRRecord record = SignalRFraming.Parse("{\"type\":1,\"target\":\"chat\",\"arguments\":[\"conn-1\",\"lt:0:5:99:xx\"]}"u8);
        Assert.Equal(SignalRMessageType.Invocation, record.Type);
        Assert.True(record.Target.SequenceEqual("chat"u8));
        Assert.True(record.LastStringArgument.SequenceEqual("lt:0:5:99:xx"u8));
    }

    [Fact]
    public void CompletionWithErrorExposesIdAndError()
    {
        SignalRRecord record = SignalRFraming.Parse("{\"type\":3,\"invocationId\":\"12\",\"error\":\"invalid_input\"}"u8);
        Assert.Equal(SignalRMessageType.Completion, record.Type);
        Assert.True(record.InvocationId.SequenceEqual("12"u8));
        Assert.True(record.Error.SequenceEqual("invalid_input"u8));
    }

    [Fact]
    public void HandshakeResponsesAreRecognised()
    {
        Assert.True(SignalRFraming.Parse("{}"u8).IsHandshakeResponse);
        SignalRRecord refused = SignalRFraming.Parse("{\"error\":\"Requested protocol 'x' is not available.\"}"u8);
        Assert.True(refused.IsHandshakeResponse);
        Assert.False(refused.Error.IsEmpty);
    }

    [Fact]
    public void NestedArgumentsAreSkippedNotMistakenForText()
    {
        SignalRRecord record = SignalRFraming.Parse("{\"type\":1,\"target\":\"presence\",\"arguments\":[{\"a\":[1,\"x\"]},\"left\"],\"headers\":{\"k\":\"v\"}}"u8);
        Assert.True(record.Target.SequenceEqual("presence"u8));
        Assert.True(record.LastStringArgument.SequenceEqual("left"u8));
    }

    [Fact]
    public void NonObjectRecordIsRefused() =>
        Assert.ThrowsAny<Exception>(() => SignalRFraming.Parse("[1,2]"u8));
}

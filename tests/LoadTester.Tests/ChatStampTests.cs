using System.Text;
using ActorStudio.LoadTester.Scenario;

namespace ActorStudio.LoadTester.Tests;

public sealed class ChatStampTests
{
    [Theory]
    [InlineData(0, 0L, 1L, 48)]
    [InlineData(49, 123_456L, 9_876_543_210_123L, 64)]
    [InlineData(-3, 7L, 42L, 200)]
    public void ReadsBackWhatItWrote(int session, long message, long timestamp, int size)
    {
        var text = new byte[size];
        ChatStamp.Write(text, session, message, timestamp);
        Assert.True(ChatStamp.TryRead(text, out int s, out long m, out long t));
        Assert.Equal((session, message, timestamp), (s, m, t));
        Assert.True(Ascii.IsValid(text));
    }

    [Theory]
    [InlineData("hello everyone")]
    [InlineData("lt:")]
    [InlineData("lt:1:2")]
    [InlineData("lt:1:2:3")]
    [InlineData("lt:a:2:3:")]
    [InlineData("lt::2:3:")]
    [InlineData("LT:1:2:3:")]
    public void RefusesTextItDidNotWrite(string text) =>
        Assert.False(ChatStamp.TryRead(Encoding.UTF8.GetBytes(text), out _, out _, out _));

    [Fact]
    public void RefusesABufferTooSmallForAStamp() =>
        Assert.Throws<ArgumentException>(() => ChatStamp.Write(new byte[ChatStamp.MinimumBytes - 1], 1, 1, 1));
}

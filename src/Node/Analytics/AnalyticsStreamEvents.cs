using System.Buffers;
using ActorStudio.Protocol.MessagePack;

namespace ActorStudio.Node.Analytics;

/// <summary>
/// Schema v1. A join that was refused before it reached a session (unknown session, wrong code, rate limited): it has
/// no session journal to live in, so it goes to this node's <c>analytics-joins-{node}</c> stream.
/// </summary>
public sealed record JoinAttemptFailed(string SessionId, string Reason, DateTimeOffset At)
{
    public const string TypeName = "analytics.join_failed";
    public const int SchemaVersion = 1;
}

/// <summary>Schema v1. A page event sent by the browser (<c>navigator.sendBeacon</c>), kept in <c>analytics-page-{node}</c>.</summary>
public sealed record PageEventRecorded(string Name, string? SessionId, DateTimeOffset At)
{
    public const string TypeName = "analytics.page_event";
    public const int SchemaVersion = 1;
}

/// <summary>MessagePack layouts of the analytics streams' own events (arrays; field order is the contract).</summary>
internal static class AnalyticsStreamCodec
{
    private static readonly MessagePackReaderOptions ReadOptions = new()
    {
        MaxFrameBytes = 64 * 1024,
        MaxStringBytes = 8 * 1024,
        MaxCollectionLength = 16,
        MaxDepth = 4,
    };

    public static byte[] Write(JoinAttemptFailed e)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        var w = new MessagePackWriter(buffer);
        w.WriteArrayHeader(3);
        w.Write(e.SessionId);
        w.Write(e.Reason);
        w.Write(e.At);
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Write(PageEventRecorded e)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        var w = new MessagePackWriter(buffer);
        w.WriteArrayHeader(3);
        w.Write(e.Name);
        w.Write(e.SessionId);
        w.Write(e.At);
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static JoinAttemptFailed ReadJoinAttemptFailed(ReadOnlyMemory<byte> payload)
    {
        var r = new MessagePackReader(payload.Span, ReadOptions);
        try
        {
            r.ReadArrayHeader();
            return new JoinAttemptFailed(r.ReadString(), r.ReadString(), r.ReadTimestamp());
        }
        finally
        {
            r.Dispose();
        }
    }

    public static PageEventRecorded ReadPageEventRecorded(ReadOnlyMemory<byte> payload)
    {
        var r = new MessagePackReader(payload.Span, ReadOptions);
        try
        {
            r.ReadArrayHeader();
            var name = r.ReadString();
            var sessionId = r.TryReadNil() ? null : r.ReadString();
            return new PageEventRecorded(name, sessionId, r.ReadTimestamp());
        }
        finally
        {
            r.Dispose();
        }
    }
}

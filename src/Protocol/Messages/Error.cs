using ActorStudio.Protocol.Frames;

namespace ActorStudio.Protocol.Messages;

/// <summary>A refusal. Wire: [67, commandId|nil, code, message, retryAfterMs|nil]. Code is one of ErrorCodes; CommandId is nil for frame-level errors.</summary>
public sealed record Error(string? CommandId, string Code, string Message, int? RetryAfterMs) : ServerMessage
{
    public override MessageType Type => MessageType.Error;
}

namespace ActorStudio.LoadTester.Targets.SignalR;

/// <summary>
/// The parts of one JSON hub record the load tester looks at, as slices of the received bytes
/// (no strings made). Only valid while the receive buffer is.
/// </summary>
public readonly ref struct SignalRRecord
{
    public SignalRRecord(SignalRMessageType type, ReadOnlySpan<byte> target, ReadOnlySpan<byte> invocationId, ReadOnlySpan<byte> error, ReadOnlySpan<byte> lastStringArgument, bool isHandshakeResponse)
    {
        Type = type;
        Target = target;
        InvocationId = invocationId;
        Error = error;
        LastStringArgument = lastStringArgument;
        IsHandshakeResponse = isHandshakeResponse;
    }

    public SignalRMessageType Type { get; }

    public ReadOnlySpan<byte> Target { get; }

    public ReadOnlySpan<byte> InvocationId { get; }

    /// <summary>The error of a completion or close record, or of a handshake response.</summary>
    public ReadOnlySpan<byte> Error { get; }

    /// <summary>The last string in "arguments" (the chat text of our hub's "chat" invocation).</summary>
    public ReadOnlySpan<byte> LastStringArgument { get; }

    /// <summary>The server's answer to the handshake: "{}" or {"error": …}, which carries no "type".</summary>
    public bool IsHandshakeResponse { get; }
}

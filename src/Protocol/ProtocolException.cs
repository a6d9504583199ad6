namespace ActorStudio.Protocol;

/// <summary>
/// The one exception the codec throws for bad input. Callers map <see cref="Code"/> to an Error frame or a close code;
/// nothing else (IndexOutOfRange, Overflow, DecoderFallback...) escapes the reader.
/// </summary>
public sealed class ProtocolException : Exception
{
    public ProtocolException(ProtocolErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    public ProtocolErrorCode Code { get; }

    /// <summary>The stable wire code (see <see cref="ErrorCodes"/>) a server reports for this failure.</summary>
    public string WireCode => Code switch
    {
        ProtocolErrorCode.FrameTooLarge => ErrorCodes.FrameTooLarge,
        ProtocolErrorCode.UnknownMessageType => ErrorCodes.UnknownMessage,
        ProtocolErrorCode.InvalidField => ErrorCodes.InvalidInput,
        _ => ErrorCodes.BadFrame,
    };
}

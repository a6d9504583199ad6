namespace ActorStudio.Protocol;

/// <summary>Why a frame was refused. Every reader failure maps to exactly one of these.</summary>
public enum ProtocolErrorCode
{
    /// <summary>The data ended before the value it announced.</summary>
    Truncated = 1,

    /// <summary>The frame is larger than the reader's <see cref="MessagePack.MessagePackReaderOptions.MaxFrameBytes"/>.</summary>
    FrameTooLarge,

    /// <summary>A string or binary value declares more bytes than the limit allows.</summary>
    StringTooLong,

    /// <summary>An array or map declares more elements than the limit allows.</summary>
    CollectionTooLarge,

    /// <summary>Containers are nested deeper than the limit allows.</summary>
    DepthExceeded,

    /// <summary>The value has a different MessagePack type than the schema expects.</summary>
    UnexpectedType,

    /// <summary>A string is not valid UTF-8.</summary>
    InvalidUtf8,

    /// <summary>An integer does not fit the target type.</summary>
    IntegerOverflow,

    /// <summary>A timestamp extension has a bad length or a nanosecond field out of range.</summary>
    InvalidTimestamp,

    /// <summary>The byte 0xc1, which MessagePack reserves and never uses.</summary>
    ReservedCode,

    /// <summary>The frame is not an array whose first element is a known message type.</summary>
    UnknownMessageType,

    /// <summary>A field has the right type but a value outside its allowed range (empty command id, unknown enum value...).</summary>
    InvalidField,

    /// <summary>The frame is not a non-empty array, or bytes remain after it.</summary>
    MalformedFrame,
}

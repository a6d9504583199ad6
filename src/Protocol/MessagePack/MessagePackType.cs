namespace ActorStudio.Protocol.MessagePack;

/// <summary>The type family of the next value, as told by its first byte.</summary>
public enum MessagePackType
{
    Unknown = 0,
    Integer,
    Nil,
    Boolean,
    Float,
    String,
    Binary,
    Array,
    Map,
    Extension,
}

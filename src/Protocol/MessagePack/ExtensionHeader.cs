namespace ActorStudio.Protocol.MessagePack;

/// <summary>The type code and payload length of an extension value.</summary>
public readonly record struct ExtensionHeader(sbyte TypeCode, uint Length);

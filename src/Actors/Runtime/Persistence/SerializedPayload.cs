namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>An event or snapshot state turned into bytes, with the type name and schema version stored beside it.</summary>
public readonly record struct SerializedPayload(string Type, int Version, ReadOnlyMemory<byte> Payload);

namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>
/// Turns events and snapshot states into bytes and back. The stored (type, version) pair is handed back on read, so
/// an implementation can UPCAST: read an old version's bytes and return the current shape of the event.
/// <see cref="EventSerializerRegistry"/> is the standard implementation.
/// </summary>
public interface IEventSerializer
{
    SerializedPayload Serialize(object value);

    /// <summary>Reads a payload written as <paramref name="type"/> at schema <paramref name="version"/>, upcasting if needed.</summary>
    object Deserialize(string type, int version, ReadOnlyMemory<byte> payload);
}

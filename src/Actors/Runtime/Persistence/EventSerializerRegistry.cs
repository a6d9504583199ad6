using System.Buffers;

namespace ActorStudio.Actors.Runtime.Persistence;

/// <summary>
/// An <see cref="IEventSerializer"/> built from per-type registrations: a stable type name (never the CLR name, so
/// classes can be renamed), the CURRENT schema version, a writer and a reader. The reader receives the STORED version:
/// that is the upcasting hook (read version 1 bytes, return today's record). Register every event and snapshot type
/// at start-up; unknown types fail loudly. Thread-safe for reads once registration is done.
/// </summary>
public sealed class EventSerializerRegistry : IEventSerializer
{
    private readonly Dictionary<Type, Registration> _byType = [];
    private readonly Dictionary<string, Registration> _byName = new(StringComparer.Ordinal);

    /// <param name="typeName">Stable name stored in the journal's event_type column.</param>
    /// <param name="currentVersion">Schema version written with new events (&gt;= 1).</param>
    /// <param name="write">Writes the value (e.g. with the protocol's MessagePack writer).</param>
    /// <param name="read">Reads bytes stored at the given version and returns the current shape.</param>
    public EventSerializerRegistry Register<T>(string typeName, int currentVersion, Action<IBufferWriter<byte>, T> write, Func<ReadOnlyMemory<byte>, int, T> read)
        where T : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentOutOfRangeException.ThrowIfLessThan(currentVersion, 1);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(read);
        var registration = new Registration(typeName, currentVersion, (w, o) => write(w, (T)o), (p, v) => read(p, v));
        if (!_byName.TryAdd(typeName, registration) || !_byType.TryAdd(typeof(T), registration))
        {
            throw new InvalidOperationException($"Event type '{typeName}' / {typeof(T).Name} is registered twice.");
        }

        return this;
    }

    public SerializedPayload Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!_byType.TryGetValue(value.GetType(), out var registration))
        {
            throw new InvalidOperationException($"No event serializer registered for {value.GetType().FullName}.");
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        registration.Write(buffer, value);
        return new SerializedPayload(registration.Name, registration.Version, buffer.WrittenMemory);
    }

    public object Deserialize(string type, int version, ReadOnlyMemory<byte> payload)
    {
        if (!_byName.TryGetValue(type, out var registration))
        {
            throw new InvalidOperationException($"No event serializer registered for stored type '{type}'.");
        }

        if (version > registration.Version)
        {
            throw new InvalidOperationException($"Stored '{type}' has schema version {version}, newer than this build's {registration.Version}.");
        }

        return registration.Read(payload, version);
    }

    private sealed record Registration(string Name, int Version, Action<IBufferWriter<byte>, object> Write, Func<ReadOnlyMemory<byte>, int, object> Read);
}

using ActorStudio.Protocol.MessagePack;
using ActorStudio.Protocol.Frames;

namespace ActorStudio.Actors.Sessions.Events;

/// <summary>
/// Journal payloads of session events: MessagePack arrays, one layout per (type, schema version).
/// Feature modules register their own events here (see <see cref="SessionEventCodec{TEvent}"/>), so a new
/// feature adds its events without editing this file.
/// </summary>
public sealed class SessionEventSerializer
{
    private static readonly MessagePackReaderOptions JournalReadOptions = new()
    {
        MaxFrameBytes = 1024 * 1024,
        MaxStringBytes = 1024 * 1024,
        MaxCollectionLength = 100_000,
        MaxDepth = 16,
    };

    private readonly Dictionary<Type, ISessionEventCodec> byType = [];
    private readonly Dictionary<string, ISessionEventCodec> byName = new(StringComparer.Ordinal);

    public void Register(ISessionEventCodec codec)
    {
        byType.Add(codec.EventType, codec);
        byName.Add(codec.Name, codec);
    }

    public bool IsRegistered(Type eventType) => byType.ContainsKey(eventType);

    /// <summary>Serializes <paramref name="e"/>; returns its journal type name and schema version.</summary>
    public (string Name, int Version, byte[] Payload) Serialize(ISessionEvent e)
    {
        if (!byType.TryGetValue(e.GetType(), out var codec))
        {
            throw new InvalidOperationException($"No journal codec registered for {e.GetType().Name}.");
        }

        using var buffer = new PooledBufferWriter(256);
        var writer = new MessagePackWriter(buffer);
        codec.Write(ref writer, e);
        writer.Flush();
        return (codec.Name, codec.Version, buffer.WrittenSpan.ToArray());
    }

    public ISessionEvent Deserialize(string name, int version, ReadOnlySpan<byte> payload)
    {
        if (!byName.TryGetValue(name, out var codec))
        {
            throw new InvalidOperationException($"Unknown session event type '{name}' in the journal.");
        }

        var reader = new MessagePackReader(payload, JournalReadOptions);
        try
        {
            return codec.Read(ref reader, version);
        }
        finally
        {
            reader.Dispose();
        }
    }
}

/// <summary>Writes and reads one event type. <see cref="Read"/> must accept every version ever written.</summary>
public interface ISessionEventCodec
{
    Type EventType { get; }

    string Name { get; }

    int Version { get; }

    void Write(ref MessagePackWriter writer, ISessionEvent e);

    ISessionEvent Read(ref MessagePackReader reader, int version);
}

/// <summary>Base class for a typed codec.</summary>
public abstract class SessionEventCodec<TEvent> : ISessionEventCodec
    where TEvent : ISessionEvent
{
    public Type EventType => typeof(TEvent);

    public abstract string Name { get; }

    public abstract int Version { get; }

    public void Write(ref MessagePackWriter writer, ISessionEvent e) => Write(ref writer, (TEvent)e);

    ISessionEvent ISessionEventCodec.Read(ref MessagePackReader reader, int version) => Read(ref reader, version);

    protected abstract void Write(ref MessagePackWriter writer, TEvent e);

    protected abstract TEvent Read(ref MessagePackReader reader, int version);
}

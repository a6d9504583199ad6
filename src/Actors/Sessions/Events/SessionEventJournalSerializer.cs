using ActorStudio.Actors.Runtime.Persistence;

namespace ActorStudio.Actors.Sessions.Events;

/// <summary>Adapts the session features' event codecs to the runtime's <see cref="IEventSerializer"/>.</summary>
public sealed class SessionEventJournalSerializer(SessionEventSerializer serializer) : IEventSerializer
{
    public SerializedPayload Serialize(object value)
    {
        var (name, version, payload) = serializer.Serialize((ISessionEvent)value);
        return new SerializedPayload(name, version, payload);
    }

    public object Deserialize(string type, int version, ReadOnlyMemory<byte> payload) =>
        serializer.Deserialize(type, version, payload.Span);
}

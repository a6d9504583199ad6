using ActorStudio.Protocol.Frames;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Actors.Sessions.Loop;

/// <summary>
/// Everything one game-loop turn sends, in order, and the fan-out at the end of the turn. Each message is encoded
/// ONCE; each audience's frame is composed ONCE from those bytes and the same frame goes to every connection in that
/// audience, one frame per connection per turn. Connections that also get private items this turn (their own acks,
/// a host-only notice) get a frame composed for them from the same encoded bytes; nothing is re-encoded.
/// Reused across turns: no allocation per delivery, only the frame arrays per audience.
/// </summary>
public sealed class TurnOutbox
{
    private readonly List<Item> items = [];
    private readonly List<WireFrame> scratch = [];
    private readonly List<ReadOnlyMemory<byte>> payloads = [];
    private PooledBufferWriter? buffer; // rented on the first send: an idle session holds none
    private readonly Dictionary<string, WireFrame> participantFrames = new(StringComparer.Ordinal);
    private readonly HashSet<string> privateParticipants = new(StringComparer.Ordinal);
    private readonly HashSet<string> privateConnections = new(StringComparer.Ordinal);
    private readonly List<SessionConnection> marked = [];
    private int privateItems;
    private int hostItems;

    public bool IsEmpty => items.Count == 0;

    /// <summary>Encodes <paramref name="message"/> and queues it for <paramref name="audience"/>; returns the bytes (for the resume ring).</summary>
    public WireFrame Add(Audience audience, ServerMessage message)
    {
        var encoded = Encode(message);
        AddEncoded(audience, encoded);
        return encoded;
    }

    public void AddEncoded(Audience audience, WireFrame encoded)
    {
        items.Add(new Item(audience, encoded));
        if (audience.Kind == AudienceKind.Participant)
        {
            privateItems++;
            privateParticipants.Add(audience.Id!);
        }
        else if (audience.Kind == AudienceKind.Connection)
        {
            privateItems++;
            privateConnections.Add(audience.Id!);
        }
        else if (audience.Kind == AudienceKind.Hosts)
        {
            hostItems++;
        }
    }

    /// <summary>
    /// Encodes one server message into its own frame (kept by the ring, sent as it is when it travels alone, copied
    /// into a Batch when it does not).
    /// </summary>
    public WireFrame Encode(ServerMessage message)
    {
        var writer = buffer ??= new PooledBufferWriter(16 * 1024);
        writer.Reset();
        FrameWriter.WriteServerMessage(writer, message);
        return WireFrame.Create(writer.WrittenSpan);
    }

    /// <summary>Sends the turn's frames to <paramref name="connections"/> and clears the outbox.</summary>
    public void Flush(ConnectionGroup connections, bool coalescible = false)
    {
        if (items.Count == 0)
        {
            return;
        }

        try
        {
            var everyone = Compose(null, null, includeHosts: false);
            var hosts = hostItems > 0 ? Compose(null, null, includeHosts: true) : everyone;
            MarkPrivate(connections);
            var all = connections.All;
            for (var i = 0; i < all.Count; i++)
            {
                var connection = all[i];
                WireFrame frame;
                if (connection.HasPrivateItems)
                {
                    frame = FrameFor(connection);
                }
                else
                {
                    frame = connection.Role == ParticipantRole.Host ? hosts : everyone;
                }

                if (!frame.IsEmpty)
                {
                    connection.Enqueue(frame, coalescible);
                }
            }
        }
        finally
        {
            foreach (var connection in marked)
            {
                connection.HasPrivateItems = false;
            }

            marked.Clear();
            Clear();
        }
    }

    /// <summary>
    /// Flags the few connections that get private items this turn (the sender's ack, a participant's own update), so
    /// the fan-out over the whole audience is a field read per connection instead of two string lookups.
    /// </summary>
    private void MarkPrivate(ConnectionGroup connections)
    {
        if (privateItems == 0)
        {
            return;
        }

        foreach (var connectionId in privateConnections)
        {
            if (connections.Find(connectionId) is { HasPrivateItems: false } connection)
            {
                connection.HasPrivateItems = true;
                marked.Add(connection);
            }
        }

        foreach (var participantId in privateParticipants)
        {
            foreach (var connection in connections.Of(participantId))
            {
                if (!connection.HasPrivateItems)
                {
                    connection.HasPrivateItems = true;
                    marked.Add(connection);
                }
            }
        }
    }

    public void Clear()
    {
        items.Clear();
        participantFrames.Clear();
        privateParticipants.Clear();
        privateConnections.Clear();
        privateItems = 0;
        hostItems = 0;
    }

    /// <summary>Composes a frame from already-encoded messages: one message as itself, more as a Batch.</summary>
    public WireFrame ComposeFrame(List<WireFrame> encoded)
    {
        if (encoded.Count == 0)
        {
            return WireFrame.Empty;
        }

        if (encoded.Count == 1)
        {
            return encoded[0];
        }

        payloads.Clear();
        foreach (var frame in encoded)
        {
            payloads.Add(frame.Payload);
        }

        var writer = buffer ??= new PooledBufferWriter(16 * 1024);
        writer.Reset();
        FrameWriter.WriteBatch(writer, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(payloads));
        payloads.Clear();
        return WireFrame.Create(writer.WrittenSpan);
    }

    private WireFrame FrameFor(SessionConnection connection)
    {
        var hasConnectionItems = privateConnections.Contains(connection.ConnectionId);

        // Frames for a participant's other tabs are shared; only connection-private items force a frame of its own.
        if (!hasConnectionItems && participantFrames.TryGetValue(connection.ParticipantId, out var shared))
        {
            return shared;
        }

        var frame = Compose(connection.ParticipantId, hasConnectionItems ? connection.ConnectionId : null, connection.Role == ParticipantRole.Host);
        if (!hasConnectionItems)
        {
            participantFrames[connection.ParticipantId] = frame;
        }

        return frame;
    }

    private WireFrame Compose(string? participantId, string? connectionId, bool includeHosts)
    {
        scratch.Clear();
        foreach (var item in items)
        {
            var visible = item.Audience.Kind switch
            {
                AudienceKind.Everyone => true,
                AudienceKind.Hosts => includeHosts,
                AudienceKind.Participant => participantId is not null && item.Audience.Id == participantId,
                _ => connectionId is not null && item.Audience.Id == connectionId,
            };
            if (visible)
            {
                scratch.Add(item.Encoded);
            }
        }

        return ComposeFrame(scratch);
    }

    private readonly record struct Item(Audience Audience, WireFrame Encoded);
}

using ActorStudio.Protocol.Frames;

namespace ActorStudio.Actors.Sessions.Loop;

/// <summary>
/// The last N journaled events as they went on the wire (encoded once, with their audience), indexed by sequence
/// number, so a reconnecting client gets exactly what it missed without touching the journal or re-encoding.
/// Every sequence number has a slot, also events nobody sees (their bytes are empty), so "is everything after
/// seq X still here" is one comparison. The array starts small and doubles up to the capacity: a quiet session
/// (most of them, in a node holding thousands of idle sockets) does not carry a full ring.
/// </summary>
public sealed class RecentEventRing(int capacity)
{
    private const int InitialSlots = 64;
    private readonly int capacity = Math.Max(capacity, 16);
    private Entry[] entries = new Entry[Math.Min(InitialSlots, Math.Max(capacity, 16))];
    private long firstSeq = 1;
    private long lastSeq;

    public long LastSeq => lastSeq;

    /// <summary>Starts empty after <paramref name="seq"/> (used after recovery: older events are not in memory).</summary>
    public void ResetAfter(long seq)
    {
        Array.Clear(entries);
        firstSeq = seq + 1;
        lastSeq = seq;
    }

    public void Add(long seq, Audience audience, WireFrame encoded)
    {
        if (seq != lastSeq + 1)
        {
            ResetAfter(seq - 1);
        }

        if (seq - firstSeq + 1 > entries.Length && entries.Length < capacity)
        {
            Grow();
        }

        entries[seq % entries.Length] = new Entry(audience, encoded);
        lastSeq = seq;
        if (lastSeq - firstSeq + 1 > entries.Length)
        {
            firstSeq = lastSeq - entries.Length + 1;
        }
    }

    /// <summary>True when every event after <paramref name="afterSeq"/> is still in the ring.</summary>
    public bool Covers(long afterSeq) => afterSeq >= firstSeq - 1 && afterSeq <= lastSeq;

    /// <summary>Appends the encoded events after <paramref name="afterSeq"/> that <paramref name="isVisible"/> allows.</summary>
    public void CollectAfter(long afterSeq, Func<Audience, bool> isVisible, List<WireFrame> into)
    {
        for (var seq = afterSeq + 1; seq <= lastSeq; seq++)
        {
            var entry = entries[seq % entries.Length];
            if (!entry.Encoded.IsEmpty && isVisible(entry.Audience))
            {
                into.Add(entry.Encoded);
            }
        }
    }

    private void Grow()
    {
        var grown = new Entry[Math.Min(entries.Length * 2, capacity)];
        for (var seq = firstSeq; seq <= lastSeq; seq++)
        {
            grown[seq % grown.Length] = entries[seq % entries.Length];
        }

        entries = grown;
    }

    private readonly record struct Entry(Audience Audience, WireFrame Encoded);
}

namespace ActorStudio.Node.LiveKit;

/// <summary>
/// A bounded memory of webhook ids this node has handled, so an immediate redelivery is answered without being
/// handled twice. It forgets the oldest ids first and is per node: the session journal remains the real dedupe.
/// </summary>
public sealed class RecentWebhookIds
{
    private readonly object gate = new();
    private readonly Dictionary<string, LinkedListNode<string>> seen;
    private readonly LinkedList<string> order = new();
    private readonly int capacity;

    public RecentWebhookIds(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.capacity = capacity;
        seen = new Dictionary<string, LinkedListNode<string>>(capacity, StringComparer.Ordinal);
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return seen.Count;
            }
        }
    }

    /// <summary>Claims the id; false when it was already claimed (a duplicate delivery).</summary>
    public bool TryClaim(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        lock (gate)
        {
            if (seen.ContainsKey(id))
            {
                return false;
            }

            seen.Add(id, order.AddLast(id));
            if (seen.Count > capacity)
            {
                var oldest = order.First!;
                order.RemoveFirst();
                seen.Remove(oldest.Value);
            }

            return true;
        }
    }

    /// <summary>Releases a claim whose handling failed, so LiveKit's retry is handled.</summary>
    public void Release(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        lock (gate)
        {
            if (seen.Remove(id, out var node))
            {
                order.Remove(node);
            }
        }
    }
}

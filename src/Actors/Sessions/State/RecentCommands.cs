namespace ActorStudio.Actors.Sessions.State;

/// <summary>
/// The last accepted command ids of one participant and the sequence number their result was journaled at,
/// so a resent command is answered with its original result instead of being applied twice.
/// A bounded FIFO: old ids fall out (clients resend within seconds, not hours).
/// </summary>
public sealed class RecentCommands
{
    private readonly Dictionary<string, CommandOutcome> outcomes = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    public int Capacity { get; set; } = 256;

    public bool TryGet(string commandId, out CommandOutcome outcome) => outcomes.TryGetValue(commandId, out outcome!);

    public void Remember(string commandId, CommandOutcome outcome)
    {
        if (outcomes.TryAdd(commandId, outcome))
        {
            order.Enqueue(commandId);
            while (order.Count > Capacity)
            {
                outcomes.Remove(order.Dequeue());
            }
        }
        else
        {
            outcomes[commandId] = outcome;
        }
    }
}

/// <summary>What an accepted command produced: the journal sequence number of its last event and an optional result id.</summary>
public readonly record struct CommandOutcome(long Seq, string? ResultId);

namespace ActorStudio.Actors.Sessions.State;

/// <summary>
/// Everything a session knows, rebuilt from its journal. Mutated only on the session actor's thread, by the
/// event appliers of the feature modules.
/// </summary>
public sealed class SessionState
{
    /// <summary>Chat lines kept in memory: more than a snapshot shows so recent removals still find their target.</summary>
    public const int ChatMemory = 500;

    public string SessionId { get; set; } = string.Empty;

    /// <summary>False until SessionCreated is applied: a session id without it does not exist.</summary>
    public bool Exists { get; set; }

    public string Title { get; set; } = string.Empty;

    /// <summary>True once the host ended the session: nobody joins or connects again; the journal stays.</summary>
    public bool Ended { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string HostCodeHash { get; set; } = string.Empty;

    public string CollaboratorCodeHash { get; set; } = string.Empty;

    public string ViewerCodeHash { get; set; } = string.Empty;

    /// <summary>Sequence number of the last event applied.</summary>
    public long LastSeq { get; set; }

    public Dictionary<string, ParticipantState> Participants { get; } = new(StringComparer.Ordinal);

    /// <summary>Participants in join order (for snapshots).</summary>
    public List<ParticipantState> ParticipantOrder { get; } = [];

    /// <summary>The most recent chat lines, oldest first.</summary>
    public LinkedList<ChatMessageState> Chat { get; } = new();

    public Dictionary<string, LinkedListNode<ChatMessageState>> ChatById { get; } = new(StringComparer.Ordinal);

    public bool ViewersMuted { get; set; }

    /// <summary>The first host to join: the video area is pinned to them.</summary>
    public string HostParticipantId { get; set; } = string.Empty;

    /// <summary>Session-wide state owned by feature modules.</summary>
    public FeatureBag Features { get; } = new();

    public ParticipantState? Find(string participantId) =>
        Participants.TryGetValue(participantId, out var p) ? p : null;

    public void AddChat(ChatMessageState message)
    {
        ChatById[message.MessageId] = Chat.AddLast(message);
        while (Chat.Count > ChatMemory)
        {
            var first = Chat.First!;
            ChatById.Remove(first.Value.MessageId);
            Chat.RemoveFirst();
        }
    }
}

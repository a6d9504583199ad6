namespace ActorStudio.Protocol.Messages;

/// <summary>A session event. <see cref="Seq"/> is the session's sequence number: journaled events carry their own (strictly increasing), ephemeral ones (typing, progress percentages) carry the latest journaled number and are not replayed on resume.</summary>
public abstract record ServerEvent(long Seq) : ServerMessage;

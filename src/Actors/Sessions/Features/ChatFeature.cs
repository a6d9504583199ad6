using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Sessions.Events;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Actors.Sessions.State;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Actors.Sessions.Features;

/// <summary>
/// Chat: messages journaled before anyone sees them, a per-participant rate limit, a keyword filter, viewers'
/// mute, the typing indicator (paced, never journaled) and system messages written by the server.
/// </summary>
public sealed class ChatFeature : ISessionFeature
{
    public void Register(SessionFeatureRegistry registry)
    {
        registry.Event<ChatMessagePosted>(Apply, Publish);
        registry.Command<PostChat>(RoleSet.Everyone, Post);
        registry.Command<SetTyping>(RoleSet.Everyone, Typing);
        registry.Message<PostSystemMessage>(PostSystem);
    }

    private static void Apply(SessionState state, ChatMessagePosted e, long seq) =>
        state.AddChat(new ChatMessageState(seq, e.MessageId, e.ByParticipantId, e.Text, e.CommandId, e.At));

    private static Publication? Publish(SessionState state, ChatMessagePosted e, long seq)
    {
        if (!state.ChatById.TryGetValue(e.MessageId, out var node))
        {
            return null;
        }

        var m = node.Value;
        var sender = m.ParticipantId is null ? null : state.Find(m.ParticipantId);
        return new Publication(Audience.Everyone, new ChatMessage(
            seq,
            m.MessageId,
            m.ParticipantId,
            sender?.DisplayName ?? "ActorStudio",
            sender is null ? Role.Host : SessionLoop.ToWire(sender.Role),
            sender is null ? ChatMessageKind.System : ChatMessageKind.User,
            m.Text,
            m.At,
            m.CommandId));
    }

    private static void Post(SessionTurn turn, CommandContext<PostChat> command)
    {
        var p = command.Participant;
        if (p.Role == ParticipantRole.Viewer && turn.State.ViewersMuted)
        {
            turn.Reject(ErrorCodes.ChatMuted, "The host has muted chat for viewers.");
            return;
        }

        var text = TextInput.Clean(command.Command.Text, TextInput.MaxChatChars, allowNewlines: true, out var problem);
        if (text is null)
        {
            turn.Reject(ErrorCodes.InvalidInput, "The message " + problem + ".");
            return;
        }

        if (turn.ChatFilter.Blocks(text))
        {
            turn.Reject(ErrorCodes.ContentRejected, "That message contains a word this session does not allow.");
            return;
        }

        var bucket = p.ChatBucket;
        var allowed = bucket.TryTake(turn.Settings.ChatBurst, turn.Settings.ChatPerSecond, turn.Now, out var retryAfter);
        p.ChatBucket = bucket;
        if (!allowed)
        {
            turn.Reject(ErrorCodes.RateLimited, "You are sending messages quickly; wait a moment and try again.", retryAfter);
            return;
        }

        turn.Emit(new ChatMessagePosted(NewMessageId(turn), p.ParticipantId, text, command.CommandId, turn.Now));

        // Only someone shown as typing needs the "stopped" update: sending it after every post doubled the room's
        // fan-out in the load tests (clients also clear the indicator when the sender's message arrives).
        if (p.IsTyping)
        {
            p.IsTyping = false;
            turn.Pace(new PaceKey("typing", p.ParticipantId), new TypingChanged(turn.State.LastSeq, p.ParticipantId, false));
        }
    }

    private static void Typing(SessionTurn turn, CommandContext<SetTyping> command)
    {
        var p = command.Participant;
        if (p.Role == ParticipantRole.Viewer && turn.State.ViewersMuted)
        {
            return;
        }

        p.IsTyping = command.Command.IsTyping;
        turn.Pace(new PaceKey("typing", p.ParticipantId), new TypingChanged(turn.State.LastSeq, p.ParticipantId, command.Command.IsTyping));
    }

    private static void PostSystem(SessionTurn turn, PostSystemMessage message, IActorRef? sender)
    {
        var text = TextInput.Clean(message.Text, TextInput.MaxChatChars, allowNewlines: true, out var problem);
        if (text is null)
        {
            turn.Reply(sender, new CommandResult(null, new Error(null, ErrorCodes.InvalidInput, "The message " + problem + ".", null)));
            return;
        }

        var seq = PostSystem(turn, text);
        turn.ReplyAfterCommit(sender, new CommandResult(new Ack("system", seq), null));
    }

    /// <summary>Writes a system chat line in the current turn (used by moderation, recording...).</summary>
    public static long PostSystem(SessionTurn turn, string text) =>
        turn.Emit(new ChatMessagePosted(NewMessageId(turn), null, text, null, turn.Now));

    /// <summary>Message ids follow the journal: unique within the session, stable across restarts.</summary>
    private static string NewMessageId(SessionTurn turn) => "m" + (turn.State.LastSeq + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

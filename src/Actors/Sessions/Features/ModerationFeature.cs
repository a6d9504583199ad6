using ActorStudio.Actors.Sessions.Events;
using ActorStudio.Actors.Sessions.LiveVideo;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Actors.Sessions.State;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Actors.Sessions.Features;

/// <summary>
/// The host's tools: remove a chat message for everyone (a system note says by whom), remove a participant from the
/// session, mute viewers' chat.
/// </summary>
public sealed class ModerationFeature : ISessionFeature
{
    public void Register(SessionFeatureRegistry registry)
    {
        registry.Event<ChatMessageRemoved>(ApplyRemoved, PublishRemoved);
        registry.Event<ViewerChatMuted>(ApplyMuted, PublishMuted);
        registry.Command<RemoveContent>(RoleSet.Host, Remove);
        registry.Command<MuteViewersChat>(RoleSet.Host, Mute);
    }

    private static void ApplyRemoved(SessionState state, ChatMessageRemoved e, long seq)
    {
        if (state.ChatById.TryGetValue(e.MessageId, out var node))
        {
            node.Value.Removed = true;
            node.Value.RemovedBy = e.ByParticipantId;
        }
    }

    private static Publication? PublishRemoved(SessionState state, ChatMessageRemoved e, long seq) =>
        new Publication(Audience.Everyone, new ChatRemoved(seq, e.MessageId, e.ByParticipantId));

    private static void ApplyMuted(SessionState state, ViewerChatMuted e, long seq) => state.ViewersMuted = e.Muted;

    private static Publication? PublishMuted(SessionState state, ViewerChatMuted e, long seq) =>
        new Publication(Audience.Everyone, new ViewersChatMuteChanged(seq, e.Muted, e.ByParticipantId));

    private static void Remove(SessionTurn turn, CommandContext<RemoveContent> command)
    {
        var host = command.Participant;
        var target = command.Command;
        if (target.Target == ModerationTarget.StreamItem)
        {
            if (!turn.Raise(new RemoveStreamItemRequested(host, target.TargetId, target.CommandId)))
            {
                turn.Reject(ErrorCodes.NotFound, "There is no such stream item.");
            }

            return;
        }

        if (target.Target == ModerationTarget.Participant)
        {
            RemoveParticipant(turn, host, target);
            return;
        }

        if (!turn.State.ChatById.TryGetValue(target.TargetId, out var node) || node.Value.Removed)
        {
            turn.Reject(ErrorCodes.NotFound, "There is no such message (or it was removed already).");
            return;
        }

        turn.Emit(new ChatMessageRemoved(target.TargetId, host.ParticipantId, target.CommandId, turn.Now));
        ChatFeature.PostSystem(turn, $"A message was removed by {host.DisplayName}.");
    }

    private static void RemoveParticipant(SessionTurn turn, ParticipantState host, RemoveContent target)
    {
        if (turn.State.Find(target.TargetId) is not { Removed: false } removed)
        {
            turn.Reject(ErrorCodes.NotFound, "There is no such participant (or they were removed already).");
            return;
        }

        if (removed.ParticipantId == host.ParticipantId)
        {
            turn.Reject(ErrorCodes.InvalidInput, "A host cannot remove themselves; end the session instead.");
            return;
        }

        turn.Emit(new ParticipantRemoved(removed.ParticipantId, host.ParticipantId, target.CommandId, turn.Now));
        ChatFeature.PostSystem(turn, $"{removed.DisplayName} was removed by {host.DisplayName}.");
        turn.CloseParticipant(removed.ParticipantId, new ConnectionClose(CloseCodes.Kicked, $"removed from the session by {host.DisplayName}"));
        turn.Raise(new RemoveFromMediaRoom(removed.ParticipantId));
    }

    private static void Mute(SessionTurn turn, CommandContext<MuteViewersChat> command)
    {
        var muted = command.Command.Muted;
        if (turn.State.ViewersMuted == muted)
        {
            return;
        }

        turn.Emit(new ViewerChatMuted(muted, command.Participant.ParticipantId, command.CommandId, turn.Now));
        ChatFeature.PostSystem(turn, muted
            ? $"{command.Participant.DisplayName} muted chat for viewers."
            : $"{command.Participant.DisplayName} unmuted chat for viewers.");
    }
}

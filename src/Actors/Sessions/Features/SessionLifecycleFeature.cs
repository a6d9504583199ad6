using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Sessions.Events;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Actors.Sessions.LiveVideo;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Actors.Sessions.Features;

/// <summary>Creating and ending a session, handing out its code hashes for join checks, and the HTTP snapshot.</summary>
public sealed class SessionLifecycleFeature : ISessionFeature
{
    public void Register(SessionFeatureRegistry registry)
    {
        registry.Event<SessionCreated>(Apply, publish: null);
        registry.Event<SessionEnded>(ApplyEnded, publish: null);
        registry.Command<EndSession>(RoleSet.Host, End);
        registry.Message<CreateSession>(Create);
        registry.Message<GetSessionAccess>(GetAccess);
        registry.Message<GetSessionView>(GetView);
    }

    private static void Apply(State.SessionState state, SessionCreated e, long seq)
    {
        state.Exists = true;
        state.Title = e.Title;
        state.CreatedAt = e.At;
        state.HostCodeHash = e.HostCodeHash;
        state.CollaboratorCodeHash = e.CollaboratorCodeHash;
        state.ViewerCodeHash = e.ViewerCodeHash;
    }

    private static void ApplyEnded(State.SessionState state, SessionEnded e, long seq) => state.Ended = true;

    private static void End(SessionTurn turn, CommandContext<EndSession> command)
    {
        turn.Emit(new SessionEnded(command.Participant.ParticipantId, command.CommandId, turn.Now));
        ChatFeature.PostSystem(turn, $"{command.Participant.DisplayName} ended the session.");

        // The ack and the system line go out in this turn's frames; the sockets close right after them.
        var close = new ConnectionClose(CloseCodes.SessionEnded, "the host ended the session");
        foreach (var p in turn.State.ParticipantOrder)
        {
            if (p.Connections > 0)
            {
                turn.CloseParticipant(p.ParticipantId, close);
            }
        }

        turn.Raise(new DeleteMediaRoom());
    }

    private static void Create(SessionTurn turn, CreateSession create, IActorRef? sender)
    {
        if (turn.State.Exists)
        {
            turn.Reply(sender, new SessionRefused(ErrorCodes.Conflict, "A session with this id already exists."));
            return;
        }

        turn.Emit(new SessionCreated(turn.State.SessionId, create.Title, create.HostCodeHash, create.CollaboratorCodeHash, create.ViewerCodeHash, turn.Now));
        turn.ReplyAfterCommit(sender, new SessionCreatedReply(turn.State.SessionId, turn.Now));
    }

    private static void GetAccess(SessionTurn turn, GetSessionAccess request, IActorRef? sender)
    {
        var s = turn.State;
        turn.Reply(sender, new SessionAccess(s.SessionId, s.Title, s.HostCodeHash, s.CollaboratorCodeHash, s.ViewerCodeHash));
    }

    private static void GetView(SessionTurn turn, GetSessionView request, IActorRef? sender)
    {
        var participant = turn.State.Find(request.ParticipantId);
        if (participant is null || participant.Removed)
        {
            turn.Reply(sender, new SessionRefused(ErrorCodes.Forbidden, "You are not in this session."));
            return;
        }

        if (turn.State.Ended)
        {
            turn.Reply(sender, SessionRefused.Ended);
            return;
        }

        turn.ReplyAfterCommit(sender, new SessionView(turn.State.LastSeq, SessionLoop.ToInfo(participant), turn.BuildSnapshot(participant)));
    }
}

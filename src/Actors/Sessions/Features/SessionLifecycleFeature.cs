using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Sessions.Events;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Protocol;

namespace ActorStudio.Actors.Sessions.Features;

/// <summary>Creating a session, handing out its code hashes for join checks, and the HTTP snapshot.</summary>
public sealed class SessionLifecycleFeature : ISessionFeature
{
    public void Register(SessionFeatureRegistry registry)
    {
        registry.Event<SessionCreated>(Apply, publish: null);
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

        turn.ReplyAfterCommit(sender, new SessionView(turn.State.LastSeq, SessionLoop.ToInfo(participant), turn.BuildSnapshot(participant)));
    }
}

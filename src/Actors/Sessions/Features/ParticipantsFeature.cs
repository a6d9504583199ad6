using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Sessions.Events;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Actors.Sessions.State;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Actors.Sessions.Features;

/// <summary>
/// Who is in the session and where they are: admission (first join journaled, rejoins restore the same
/// participant), and live presence (online, idle, reconnecting, left) derived from sockets and paced to everyone.
/// </summary>
public sealed class ParticipantsFeature : ISessionFeature
{
    public void Register(SessionFeatureRegistry registry)
    {
        registry.Event<ParticipantJoined>(ApplyJoined, PublishJoined);
        registry.Event<ParticipantRemoved>(ApplyRemoved, PublishRemoved);

        // Journal-only: everyone already sees "left" through the paced presence update, in order with the others.
        registry.Event<ParticipantLeft>(ApplyLeft, publish: null);
        registry.Message<AdmitParticipant>(Admit);
        registry.Message<ParticipantConnected>(OnConnected);
        registry.Message<ParticipantDisconnected>(OnDisconnected);
        registry.Message<PresenceSweep>(Sweep);
        registry.Command<SetIdle>(RoleSet.Everyone, OnSetIdle);
    }

    private static void ApplyJoined(SessionState state, ParticipantJoined e, long seq)
    {
        var participant = new ParticipantState(e.ParticipantId, e.DisplayName, e.Role, e.At);
        state.Participants[e.ParticipantId] = participant;
        state.ParticipantOrder.Add(participant);
        if (e.Role == ParticipantRole.Host && state.HostParticipantId.Length == 0)
        {
            state.HostParticipantId = e.ParticipantId;
        }
    }

    private static Publication? PublishJoined(SessionState state, ParticipantJoined e, long seq) =>
        state.Find(e.ParticipantId) is { } p ? new Publication(Audience.Everyone, new PresenceChanged(seq, SessionLoop.ToInfo(p))) : null;

    private static void ApplyRemoved(SessionState state, ParticipantRemoved e, long seq)
    {
        if (state.Find(e.ParticipantId) is { } p)
        {
            p.Removed = true;
            p.Presence = PresenceState.Left;
        }
    }

    private static void ApplyLeft(SessionState state, ParticipantLeft e, long seq)
    {
        if (state.Find(e.ParticipantId) is { } p)
        {
            p.Presence = PresenceState.Left;
        }
    }

    private static Publication? PublishRemoved(SessionState state, ParticipantRemoved e, long seq) =>
        state.Find(e.ParticipantId) is { } p ? new Publication(Audience.Everyone, new PresenceChanged(seq, SessionLoop.ToInfo(p))) : null;

    private static void Admit(SessionTurn turn, AdmitParticipant admit, IActorRef? sender)
    {
        if (turn.State.Ended)
        {
            turn.Reply(sender, SessionRefused.Ended);
            return;
        }

        if (admit.ExistingParticipantId is { } existingId && turn.State.Find(existingId) is { } existing)
        {
            if (existing.Removed)
            {
                turn.Reply(sender, new SessionRefused(ErrorCodes.Forbidden, "You were removed from this session."));
                return;
            }

            turn.Reply(sender, new Admitted(existing.ParticipantId, existing.Role, existing.DisplayName, Rejoined: true));
            return;
        }

        var name = TextInput.Clean(admit.DisplayName, TextInput.MaxDisplayNameChars, allowNewlines: false, out var problem);
        if (name is null)
        {
            turn.Reply(sender, new SessionRefused(ErrorCodes.InvalidInput, "displayName " + problem + "."));
            return;
        }

        var active = 0;
        foreach (var p in turn.State.ParticipantOrder)
        {
            if (!p.Removed)
            {
                active++;
            }
        }

        if (active >= turn.Settings.MaxParticipants)
        {
            turn.Reply(sender, new SessionRefused(ErrorCodes.SessionFull, "This session is full."));
            return;
        }

        turn.Emit(new ParticipantJoined(admit.NewParticipantId, name, admit.Role, turn.Now));
        var joined = turn.State.Find(admit.NewParticipantId)!;

        // Shown as arriving; if no socket follows within the grace period the sweep marks them gone.
        joined.Presence = PresenceState.Online;
        joined.DisconnectedAt = turn.Now;
        turn.Host.StartTimer(PresenceSweep.Instance, PresenceSweep.Instance, turn.Settings.ReconnectGrace);
        turn.ReplyAfterCommit(sender, new Admitted(joined.ParticipantId, joined.Role, joined.DisplayName, Rejoined: false));
    }

    private static void OnConnected(SessionTurn turn, ParticipantConnected connected, IActorRef? sender)
    {
        if (turn.State.Find(connected.ParticipantId) is { } p)
        {
            SetPresence(turn, p, p.ReportedIdle ? PresenceState.Idle : PresenceState.Online);
        }
    }

    private static void OnDisconnected(SessionTurn turn, ParticipantDisconnected disconnected, IActorRef? sender)
    {
        if (disconnected.RemainingConnections > 0 || turn.State.Find(disconnected.ParticipantId) is not { } p || p.Removed)
        {
            return;
        }

        p.DisconnectedAt = turn.Now;
        p.ReportedIdle = false;
        SetPresence(turn, p, PresenceState.Reconnecting);
        turn.Host.StartTimer(PresenceSweep.Instance, PresenceSweep.Instance, turn.Settings.ReconnectGrace);
    }

    private static void Sweep(SessionTurn turn, PresenceSweep sweep, IActorRef? sender)
    {
        var grace = turn.Settings.ReconnectGrace;
        var next = TimeSpan.MaxValue;
        foreach (var p in turn.State.ParticipantOrder)
        {
            if (p.Connections > 0 || p.Presence == PresenceState.Left)
            {
                continue;
            }

            var waited = turn.Now - p.DisconnectedAt;
            if (waited >= grace)
            {
                SetPresence(turn, p, PresenceState.Left);
                turn.Emit(new ParticipantLeft(p.ParticipantId, turn.Now));
            }
            else if (grace - waited < next)
            {
                next = grace - waited;
            }
        }

        if (next != TimeSpan.MaxValue)
        {
            turn.Host.StartTimer(PresenceSweep.Instance, PresenceSweep.Instance, next);
        }
    }

    private static void OnSetIdle(SessionTurn turn, CommandContext<SetIdle> command)
    {
        var p = command.Participant;
        p.ReportedIdle = command.Command.IsIdle;
        if (p.Connections > 0)
        {
            SetPresence(turn, p, p.ReportedIdle ? PresenceState.Idle : PresenceState.Online);
        }
    }

    /// <summary>Presence is ephemeral: changed in memory and paced to everyone, never journaled.</summary>
    public static void SetPresence(SessionTurn turn, ParticipantState p, PresenceState presence)
    {
        if (p.Presence == presence)
        {
            return;
        }

        p.Presence = presence;
        turn.Pace(new PaceKey("presence", p.ParticipantId), new PresenceChanged(turn.State.LastSeq, SessionLoop.ToInfo(p)));
    }
}

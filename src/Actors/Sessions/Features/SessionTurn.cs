using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Sessions.Events;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Actors.Sessions.State;
using ActorStudio.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Actors.Sessions.Features;

/// <summary>
/// What a feature handler may do during one game-loop turn. Everything it does is buffered: events are applied to
/// state at once (so later commands in the same turn see them) but written in ONE journal append at the end of the
/// turn, and nothing reaches a socket or an HTTP caller before that append succeeded.
/// </summary>
public sealed class SessionTurn
{
    private readonly SessionLoop loop;

    internal SessionTurn(SessionLoop loop) => this.loop = loop;

    public SessionState State => loop.State;

    public SessionSettings Settings => loop.Settings;

    public ChatFilter ChatFilter => loop.ChatFilter;

    /// <summary>When this turn started (one clock reading per turn).</summary>
    public DateTimeOffset Now { get; internal set; }

    public ILogger Logger => loop.Logger;

    public ISessionHost Host => loop.Host;

    public ConnectionGroup Connections => loop.Connections;

    /// <summary>Applies a new event to state and queues it for this turn's journal append; returns its sequence number.</summary>
    public long Emit(ISessionEvent e) => loop.Emit(e);

    /// <summary>Sends a message that is not journaled (after this turn's events, in the same frame).</summary>
    public void Send(Audience audience, ServerMessage message) => loop.QueueSend(audience, message);

    /// <summary>Queues a coalescible update for the next pacing tick; a newer one with the same key replaces it.</summary>
    public void Pace(PaceKey key, ServerMessage message) => loop.Pace(key, message);

    /// <summary>Refuses the command being handled: an Error to its sender only.</summary>
    public void Reject(string code, string message, TimeSpan? retryAfter = null) => loop.RejectCurrent(code, message, retryAfter);

    /// <summary>Replies to an actor (an HTTP request's Ask) once this turn's events are journaled.</summary>
    public void ReplyAfterCommit(IActorRef? to, object message) => loop.ReplyAfterCommit(to, message);

    /// <summary>Replies at once (for answers that do not depend on this turn's events).</summary>
    public void Reply(IActorRef? to, object message)
    {
        if (to is not null)
        {
            loop.Host.Reply(to, message);
        }
    }

    /// <summary>Closes every socket of a participant after this turn's frames went out (e.g. removed by the host).</summary>
    public void CloseParticipant(string participantId, ConnectionClose close) => loop.CloseAfterFlush(participantId, close);

    /// <summary>Delivers another message to the features within this turn; false when no feature handles it.</summary>
    public bool Raise(object message) => loop.Raise(message, null);

    /// <summary>The snapshot one participant would receive now.</summary>
    public SessionSnapshot BuildSnapshot(ParticipantState viewer) => loop.BuildSnapshot(viewer);
}

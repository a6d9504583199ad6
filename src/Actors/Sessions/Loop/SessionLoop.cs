using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Sessions.Events;
using ActorStudio.Actors.Sessions.Features;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Actors.Sessions.State;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Frames;
using ActorStudio.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Actors.Sessions.Loop;

/// <summary>
/// The session's game loop (ARCHITECTURE.md): each turn drains the waiting commands, validates them (role, rate
/// limits, caps, input) through the feature handlers, applies accepted ones as events, writes the turn's events in
/// ONE journal append, then publishes them — each message encoded once, one frame per connection — acks the senders,
/// and answers HTTP callers. Coalescible updates wait for the pacing tick, which runs only while some are waiting.
/// A busy session holds its frames back a little (<see cref="FlushBudget"/>) so several turns share one frame per
/// connection; events are journaled before they are held, and the ring and acks follow the same order.
/// Kept apart from the actor so the loop is plain code over state; <see cref="SessionActor"/> only adapts it.
/// </summary>
public sealed class SessionLoop
{
    private static readonly Dictionary<Type, RoleSet> FallbackPolicies = new()
    {
        // Commands of features this node does not run (yet): still authorized by role, then refused as unavailable.
        [typeof(Generate)] = RoleSet.Creators,
        [typeof(RetryVariant)] = RoleSet.Creators,
        [typeof(Favorite)] = RoleSet.Creators,
        [typeof(Unfavorite)] = RoleSet.Creators,
        [typeof(StartRecording)] = RoleSet.Host,
        [typeof(StopRecording)] = RoleSet.Host,
    };

    private readonly SessionFeatureRegistry registry;
    private readonly Func<IReadOnlyList<(ISessionEvent Event, long Seq)>, ValueTask> persist;
    private readonly TimeProvider time;
    private readonly SessionTurn turn;
    private readonly TurnOutbox outbox = new();
    private readonly TurnOutbox pacedOutbox = new();
    private readonly RecentEventRing ring;
    private readonly List<(ISessionEvent Event, long Seq)> pendingEvents = [];
    private readonly Queue<(ISessionEvent Event, long Seq)> recoveredTail = new();
    // EventsBefore: how many of the turn's events were emitted when the send was queued, so Publish keeps the order
    // the handlers produced (an ephemeral progress update must never overtake the event that ends it, or follow it).
    private readonly List<(Audience Audience, ServerMessage Message, int EventsBefore)> pendingSends = [];
    private readonly List<(IActorRef To, object Message)> pendingReplies = [];
    private readonly List<CommandRecord> commandRecords = [];
    private readonly List<AttachConnection> pendingAttaches = [];
    private readonly List<(string ParticipantId, ConnectionClose Close)> pendingCloses = [];
    private readonly Dictionary<PaceKey, ServerMessage> paced = [];
    private readonly List<PaceKey> pacedOrder = [];
    private readonly List<WireFrame> scratch = [];
    private readonly FlushBudget flushBudget;
    private CommandRecord? current;
    private bool dispatching;
    private bool paceTimerActive;
    private bool flushTimerActive;
    private int heldEvents;

    public SessionLoop(
        string sessionId,
        SessionFeatureRegistry registry,
        SessionSettings settings,
        ISessionHost host,
        Func<IReadOnlyList<(ISessionEvent Event, long Seq)>, ValueTask> persist,
        TimeProvider time,
        ILogger logger)
    {
        this.registry = registry;
        this.persist = persist;
        this.time = time;
        Settings = settings;
        Host = host;
        Logger = logger;
        ChatFilter = new ChatFilter(settings.BlockedWords);
        State = new SessionState { SessionId = sessionId };
        ring = new RecentEventRing(settings.ResumeBufferFrames);
        turn = new SessionTurn(this);
        flushBudget = new FlushBudget(settings, time);
    }

    public SessionState State { get; }

    public SessionSettings Settings { get; }

    public ISessionHost Host { get; }

    public ILogger Logger { get; }

    public ChatFilter ChatFilter { get; }

    public ConnectionGroup Connections { get; } = new();

    public SessionEventSerializer Serializer => registry.Serializer;

    /// <summary>Recovery: applies one journaled event (no publishing, no replies); the last ones are kept for the ring.</summary>
    public void ApplyRecovered(ISessionEvent e, long seq)
    {
        Apply(e, seq);
        if (recoveredTail.Count >= Settings.ResumeBufferFrames)
        {
            recoveredTail.Dequeue();
        }

        recoveredTail.Enqueue((e, seq));
    }

    /// <summary>
    /// End of recovery: the last recovered events go into the resume ring as they would have gone on the wire, so a
    /// client that lost its socket to a restart or a failover resumes with exactly what it missed instead of a
    /// snapshot (as long as that is within the ring). Sent to nobody: they were published by the previous incarnation.
    /// </summary>
    public void CompleteRecovery()
    {
        ring.ResetAfter(recoveredTail.Count > 0 ? recoveredTail.Peek().Seq - 1 : State.LastSeq);
        foreach (var (e, seq) in recoveredTail)
        {
            var publication = PublicationOf(e, seq);
            ring.Add(seq, publication?.Audience ?? Audience.Everyone, publication is { } p ? outbox.Encode(p.Message) : WireFrame.Empty);
        }

        recoveredTail.Clear();
        recoveredTail.TrimExcess();
    }

    /// <summary>One turn of the loop over a drained batch of mailbox messages.</summary>
    public async ValueTask RunTurnAsync(ReadOnlyMemory<Envelope> batch)
    {
        turn.Now = time.GetUtcNow();
        var flushPaced = false;
        var flushDue = false;
        dispatching = true;
        try
        {
            for (var i = 0; i < batch.Length; i++)
            {
                var envelope = batch.Span[i];
                if (envelope.Message is PaceTick)
                {
                    paceTimerActive = false;
                    flushPaced = true;
                    continue;
                }

                if (envelope.Message is FlushTick)
                {
                    flushTimerActive = false;
                    flushDue = true;
                    continue;
                }

                if (envelope.Message is PassivateTick)
                {
                    continue;
                }

                Dispatch(envelope.Message, envelope.Sender);
            }
        }
        finally
        {
            dispatching = false;
            current = null;
        }

        if (pendingEvents.Count > 0)
        {
            try
            {
                await persist(pendingEvents).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                FailTurn(ex);
                throw;
            }
        }

        Publish(flushDue);
        if (flushPaced)
        {
            FlushPaced();
        }
        else if (paced.Count > 0 && !paceTimerActive)
        {
            paceTimerActive = true;
            Host.StartTimer(PaceTick.Instance, PaceTick.Instance, Settings.PacingInterval);
        }
    }

    /// <summary>Closes every connection (session stopping or failed); clients reconnect and resume.</summary>
    public void CloseAll(ConnectionClose close)
    {
        // Held frames were journaled: send them before the close so a reconnect resumes after them.
        FlushOrHold(due: true);
        var all = Connections.All;
        for (var i = all.Count - 1; i >= 0; i--)
        {
            all[i].Close(close);
        }
    }

    internal long Emit(ISessionEvent e)
    {
        if (!dispatching)
        {
            throw new InvalidOperationException("Events can only be emitted while the turn dispatches commands (they must be part of the turn's journal append).");
        }

        var seq = State.LastSeq + 1;
        Apply(e, seq);
        pendingEvents.Add((e, seq));
        if (current is not null)
        {
            current.LastSeq = seq;
        }

        return seq;
    }

    internal void QueueSend(Audience audience, ServerMessage message) => pendingSends.Add((audience, message, pendingEvents.Count));

    internal void Pace(PaceKey key, ServerMessage message)
    {
        if (!paced.ContainsKey(key))
        {
            pacedOrder.Add(key);
        }

        paced[key] = message;
    }

    internal void RejectCurrent(string code, string message, TimeSpan? retryAfter)
    {
        if (current is null)
        {
            throw new InvalidOperationException("Reject is only valid while a client command is handled.");
        }

        current.Error = new Error(current.CommandId, code, message, retryAfter is null ? null : (int)Math.Ceiling(retryAfter.Value.TotalMilliseconds));
    }

    internal void ReplyAfterCommit(IActorRef? to, object message)
    {
        if (to is not null)
        {
            pendingReplies.Add((to, message));
        }
    }

    internal void CloseAfterFlush(string participantId, ConnectionClose close) => pendingCloses.Add((participantId, close));

    internal bool Raise(object message, IActorRef? sender)
    {
        if (registry.TryGetMessage(message.GetType(), out var handler))
        {
            handler(turn, message, sender);
            return true;
        }

        return false;
    }

    internal SessionSnapshot BuildSnapshot(ParticipantState viewer)
    {
        var participants = new List<ParticipantInfo>(State.ParticipantOrder.Count);
        foreach (var p in State.ParticipantOrder)
        {
            if (!p.Removed)
            {
                participants.Add(ToInfo(p));
            }
        }

        var chat = new List<ChatMessage>(Math.Min(ProtocolLimits.SnapshotChatMessages, State.Chat.Count));
        var node = State.Chat.Last;
        while (node is not null && chat.Count < ProtocolLimits.SnapshotChatMessages)
        {
            if (!node.Value.Removed)
            {
                chat.Add(ToWire(node.Value));
            }

            node = node.Previous;
        }

        chat.Reverse();
        var snapshot = new SessionSnapshot(
            new SessionInfo(State.SessionId, State.Title, State.HostParticipantId.Length == 0 ? null : State.HostParticipantId, State.CreatedAt),
            participants,
            chat,
            [],
            new RecordingInfo(RecordingState.Off, null),
            State.ViewersMuted);
        foreach (var contributor in registry.SnapshotContributors)
        {
            snapshot = contributor(State, viewer, snapshot);
        }

        return snapshot;
    }

    /// <summary>A participant as the wire shows it.</summary>
    public static ParticipantInfo ToInfo(ParticipantState p) =>
        new(p.ParticipantId, p.DisplayName, ToWire(p.Role), p.Presence);

    public static Role ToWire(ParticipantRole role) => role switch
    {
        ParticipantRole.Host => Role.Host,
        ParticipantRole.Collaborator => Role.Collaborator,
        _ => Role.Viewer,
    };

    /// <summary>A chat line as the wire shows it (system lines are signed by the studio).</summary>
    public ChatMessage ToWire(ChatMessageState m)
    {
        var sender = m.ParticipantId is null ? null : State.Find(m.ParticipantId);
        return new ChatMessage(
            m.Seq,
            m.MessageId,
            m.ParticipantId,
            sender?.DisplayName ?? "ActorStudio",
            sender is null ? Role.Host : ToWire(sender.Role),
            m.ParticipantId is null ? ChatMessageKind.System : ChatMessageKind.User,
            m.Text,
            m.At,
            m.CommandId);
    }

    private void Apply(ISessionEvent e, long seq)
    {
        registry.GetEvent(e.GetType()).Apply(State, e, seq);
        State.LastSeq = seq;
        if (e.CommandId is { } commandId && e.ByParticipantId is { } by && State.Find(by) is { } participant)
        {
            participant.Commands.Capacity = Settings.RememberedCommandIds;
            participant.Commands.Remember(commandId, new CommandOutcome(seq, null));
        }
    }

    private void Dispatch(object message, IActorRef? sender)
    {
        switch (message)
        {
            case ConnectionCommand command:
                HandleClientCommand(command.Connection.ParticipantId, command.Command, command.Connection, null);
                return;
            case SubmitCommand submit:
                if (!State.Exists)
                {
                    Host.Reply(sender!, new SessionNotFound(State.SessionId));
                    return;
                }

                HandleClientCommand(submit.ParticipantId, submit.Command, null, sender);
                return;
            case AttachConnection attach:
                HandleAttach(attach);
                return;
            case DetachConnection detach:
                HandleDetach(detach.Connection);
                return;
        }

        if (!State.Exists && message is not CreateSession)
        {
            if (sender is not null)
            {
                Host.Reply(sender, new SessionNotFound(State.SessionId));
            }

            return;
        }

        if (registry.TryGetMessage(message.GetType(), out var handler))
        {
            try
            {
                handler(turn, message, sender);
            }
            catch (Exception ex) when (ex is not InvalidOperationException)
            {
                Logger.LogError(ex, "Session {SessionId} failed to handle {MessageType}", State.SessionId, message.GetType().Name);
                if (sender is not null)
                {
                    Host.Reply(sender, new SessionRefused(ErrorCodes.Internal, "The session could not handle the request."));
                }
            }

            return;
        }

        Logger.LogWarning("Session {SessionId} got a message no feature handles: {MessageType}", State.SessionId, message.GetType().Name);
    }

    private void HandleClientCommand(string participantId, ClientCommand command, SessionConnection? connection, IActorRef? replyTo)
    {
        var participant = State.Find(participantId);
        if (State.Ended)
        {
            if (connection is not null)
            {
                connection.Close(new ConnectionClose(CloseCodes.SessionEnded, "the host ended the session"));
            }
            else if (replyTo is not null)
            {
                Host.Reply(replyTo, new CommandResult(null, new Error(CommandIdOf(command), ErrorCodes.SessionEnded, "This session has ended.", null)));
            }

            return;
        }

        if (participant is null || participant.Removed)
        {
            if (connection is not null)
            {
                connection.Close(new ConnectionClose(CloseCodes.Kicked, "removed from the session"));
            }
            else if (replyTo is not null)
            {
                Host.Reply(replyTo, new CommandResult(null, new Error(CommandIdOf(command), ErrorCodes.Forbidden, "You are no longer in this session.", null)));
            }

            return;
        }

        if (command is Ping ping)
        {
            if (connection is not null)
            {
                QueueSend(Audience.Connection(connection.ConnectionId), new Pong(ping.ClientTimeMs, turn.Now));
            }

            return;
        }

        var record = new CommandRecord(CommandIdOf(command), connection, replyTo);
        commandRecords.Add(record);
        current = record;
        try
        {
            if (!registry.TryGetCommand(command.GetType(), out var registration))
            {
                if (FallbackPolicies.TryGetValue(command.GetType(), out var roles) && !roles.Allows(participant.Role))
                {
                    RejectCurrent(ErrorCodes.Forbidden, $"A {ParticipantRoles.ToWire(participant.Role)} may not do that.", null);
                }
                else
                {
                    RejectCurrent(ErrorCodes.Unavailable, $"{command.Type} is not available in this session yet.", null);
                }

                return;
            }

            if (!registration.Allowed.Allows(participant.Role))
            {
                RejectCurrent(ErrorCodes.Forbidden, $"A {ParticipantRoles.ToWire(participant.Role)} may not do that.", null);
                return;
            }

            if (record.CommandId is not null && participant.Commands.TryGet(record.CommandId, out var outcome))
            {
                // A resend of a command already applied: answer with its first result, apply nothing.
                record.LastSeq = outcome.Seq;
                return;
            }

            registration.Invoke(turn, command, participant, connection, replyTo);
        }
        catch (Exception ex) when (ex is not InvalidOperationException)
        {
            Logger.LogError(ex, "Session {SessionId} failed on {Command} from {ParticipantId}", State.SessionId, command.Type, participantId);
            RejectCurrent(ErrorCodes.Internal, "The server could not handle the command; it may be retried with the same command id.", null);
        }
        finally
        {
            current = null;
        }
    }

    private static string? CommandIdOf(ClientCommand command) => command is ClientRequest request ? request.CommandId : null;

    private void HandleAttach(AttachConnection attach)
    {
        var connection = attach.Connection;
        var participant = State.Exists ? State.Find(connection.ParticipantId) : null;
        if (State.Ended)
        {
            connection.Close(new ConnectionClose(CloseCodes.SessionEnded, "the host ended the session"));
            return;
        }

        if (participant is null || participant.Removed)
        {
            connection.Close(State.Exists
                ? new ConnectionClose(CloseCodes.Kicked, "removed from the session")
                : new ConnectionClose(CloseCodes.SessionEnded, "no such session"));
            return;
        }

        // Cap the tabs per participant: the oldest socket gives way to the newest.
        var open = Connections.CountOf(participant.ParticipantId);
        if (open >= Settings.MaxConnectionsPerParticipant && Connections.OldestOf(participant.ParticipantId) is { } oldest)
        {
            oldest.Close(new ConnectionClose(CloseCodes.TooManyConnections, "too many connections for this participant"));
            HandleDetach(oldest);
        }

        pendingAttaches.Add(attach);
        participant.Connections++;
        if (participant.Connections == 1)
        {
            Raise(new ParticipantConnected(participant.ParticipantId, connection.ConnectionId), null);
        }
    }

    private void HandleDetach(SessionConnection connection)
    {
        var wasPending = false;
        for (var i = 0; i < pendingAttaches.Count; i++)
        {
            if (ReferenceEquals(pendingAttaches[i].Connection, connection))
            {
                pendingAttaches.RemoveAt(i);
                wasPending = true;
                break;
            }
        }

        if (!Connections.Remove(connection) && !wasPending)
        {
            return;
        }

        var participant = State.Find(connection.ParticipantId);
        if (participant is null)
        {
            return;
        }

        participant.Connections = Math.Max(0, participant.Connections - 1);
        Raise(new ParticipantDisconnected(participant.ParticipantId, connection.ConnectionId, participant.Connections), null);
    }

    private void Publish(bool flushDue)
    {
        heldEvents += pendingEvents.Count;
        var send = 0;
        for (var i = 0; i < pendingEvents.Count; i++)
        {
            for (; send < pendingSends.Count && pendingSends[send].EventsBefore <= i; send++)
            {
                outbox.Add(pendingSends[send].Audience, pendingSends[send].Message);
            }

            var (e, seq) = pendingEvents[i];
            var publication = PublicationOf(e, seq);
            if (publication is { } p)
            {
                ring.Add(seq, p.Audience, outbox.Add(p.Audience, p.Message));
            }
            else
            {
                ring.Add(seq, Audience.Everyone, WireFrame.Empty);
            }
        }

        for (; send < pendingSends.Count; send++)
        {
            outbox.Add(pendingSends[send].Audience, pendingSends[send].Message);
        }

        foreach (var record in commandRecords)
        {
            var reply = record.Error is null && record.CommandId is not null ? new Ack(record.CommandId, record.LastSeq > 0 ? record.LastSeq : State.LastSeq) : null;
            if (record.Connection is not null)
            {
                if (record.Error is not null)
                {
                    outbox.Add(Audience.Connection(record.Connection.ConnectionId), record.Error);
                }
                else if (reply is not null)
                {
                    outbox.Add(Audience.Connection(record.Connection.ConnectionId), reply);
                }
            }
            else if (record.ReplyTo is not null)
            {
                Host.Reply(record.ReplyTo, new CommandResult(reply, record.Error));
            }
        }

        FlushOrHold(flushDue);

        foreach (var (to, message) in pendingReplies)
        {
            Host.Reply(to, message);
        }

        foreach (var attach in pendingAttaches)
        {
            Welcome(attach);
        }

        foreach (var (participantId, close) in pendingCloses)
        {
            var all = Connections.All;
            for (var i = all.Count - 1; i >= 0; i--)
            {
                if (all[i].ParticipantId == participantId)
                {
                    var connection = all[i];
                    connection.Close(close);
                    HandleDetach(connection);
                }
            }
        }

        pendingEvents.Clear();
        pendingSends.Clear();
        pendingReplies.Clear();
        commandRecords.Clear();
        pendingAttaches.Clear();
        pendingCloses.Clear();
    }

    /// <summary>
    /// Greets a new socket after this turn's frames went out, then adds it to the fan-out: nothing is missed and
    /// nothing arrives twice. With a last-seen seq still covered by the ring it gets exactly the events after it;
    /// otherwise a fresh snapshot.
    /// </summary>
    private void Welcome(AttachConnection attach)
    {
        var connection = attach.Connection;
        var participant = State.Find(connection.ParticipantId)!;
        var me = ToInfo(participant);
        WireFrame frame;
        if (attach.LastSeenSeq is { } lastSeen && lastSeen <= State.LastSeq && ring.Covers(lastSeen))
        {
            scratch.Clear();
            scratch.Add(outbox.Encode(new Welcome(State.LastSeq, ProtocolVersion.Current, me, true, null, HeartbeatIntervalMs)));
            ring.CollectAfter(lastSeen, audience => IsVisible(audience, connection), scratch);
            frame = outbox.ComposeFrame(scratch);
        }
        else
        {
            frame = outbox.Encode(new Welcome(State.LastSeq, ProtocolVersion.Current, me, false, BuildSnapshot(participant), HeartbeatIntervalMs));
        }

        connection.Enqueue(frame);
        Connections.Add(connection);
    }

    /// <summary>How often clients should ping; the transport closes sockets silent for three intervals.</summary>
    public const int HeartbeatIntervalMs = 15_000;

    private static bool IsVisible(Audience audience, SessionConnection connection) => audience.Kind switch
    {
        AudienceKind.Everyone => true,
        AudienceKind.Hosts => connection.Role == ParticipantRole.Host,
        AudienceKind.Participant => audience.Id == connection.ParticipantId,
        _ => false,
    };

    /// <summary>
    /// Sends the outbox now, or holds it for a later turn when the session is busy (see <see cref="FlushBudget"/>).
    /// A new socket's welcome, a kick, the held-frames timer or a full outbox flush at once: a welcome must follow
    /// every frame the ring already holds, and a closed socket must get what was queued for it before the close.
    /// </summary>
    private void FlushOrHold(bool due)
    {
        if (outbox.IsEmpty)
        {
            return;
        }

        var connections = Connections.Count;
        var wait = TimeSpan.Zero;
        if (due || pendingAttaches.Count > 0 || pendingCloses.Count > 0 || heldEvents >= Settings.MaxEventsPerFlush)
        {
            flushBudget.Spend(connections);
        }
        else if (!flushBudget.TryTake(connections, out wait))
        {
            if (!flushTimerActive)
            {
                flushTimerActive = true;
                Host.StartTimer(FlushTick.Instance, FlushTick.Instance, wait);
            }

            return;
        }

        heldEvents = 0;
        outbox.Flush(Connections);
        if (flushTimerActive)
        {
            flushTimerActive = false;
            Host.CancelTimer(FlushTick.Instance);
        }
    }

    /// <summary>What <paramref name="e"/> puts on the wire, or null for a journal-only event.</summary>
    private Publication? PublicationOf(ISessionEvent e, long seq) => registry.GetEvent(e.GetType()).Publish?.Invoke(State, e, seq);

    private void FlushPaced()
    {
        // Coalesced updates never overtake the events held for batching (presence of someone not yet announced).
        FlushOrHold(due: true);
        foreach (var key in pacedOrder)
        {
            pacedOutbox.Add(Audience.Everyone, paced[key]);
        }

        paced.Clear();
        pacedOrder.Clear();
        pacedOutbox.Flush(Connections, coalescible: true);
    }

    private void FailTurn(Exception ex)
    {
        Logger.LogError(ex, "Session {SessionId} could not journal {EventCount} events; restarting from the journal", State.SessionId, pendingEvents.Count);
        foreach (var record in commandRecords)
        {
            var error = new Error(record.CommandId, ErrorCodes.Unavailable, "The session could not save that; please retry.", 1000);
            if (record.Connection is not null)
            {
                record.Connection.Enqueue(outbox.Encode(error));
            }
            else if (record.ReplyTo is not null)
            {
                Host.Reply(record.ReplyTo, new CommandResult(null, error));
            }
        }

        foreach (var (to, _) in pendingReplies)
        {
            Host.Reply(to, new SessionRefused(ErrorCodes.Unavailable, "The session could not save that; please retry.", TimeSpan.FromSeconds(1)));
        }

        // The in-memory state is ahead of the journal now: the actor restarts and recovers. Sockets reconnect and resume.
        CloseAll(new ConnectionClose(CloseCodes.InternalError, "session restarting"));
        foreach (var attach in pendingAttaches)
        {
            attach.Connection.Close(new ConnectionClose(CloseCodes.InternalError, "session restarting"));
        }
    }

    private sealed class CommandRecord(string? commandId, SessionConnection? connection, IActorRef? replyTo)
    {
        public string? CommandId { get; } = commandId;

        public SessionConnection? Connection { get; } = connection;

        public IActorRef? ReplyTo { get; } = replyTo;

        public long LastSeq { get; set; }

        public Error? Error { get; set; }
    }
}

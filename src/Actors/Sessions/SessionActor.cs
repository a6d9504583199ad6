using System.Diagnostics;
using ActorStudio.Actors.Observability;
using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Actors.Runtime.Sharding;
using ActorStudio.Actors.Sessions.Events;
using ActorStudio.Actors.Sessions.Features;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Protocol;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Actors.Sessions;

/// <summary>
/// One live session, sharded by session id, persistent (journal id <c>session-{id}</c>). It adapts the runtime to
/// the <see cref="SessionLoop"/>: each mailbox batch is one game-loop turn, the turn's events are one
/// <see cref="PersistentActor.PersistAllAsync"/>, recovery replays the journal through the features' appliers.
/// It passivates itself (through the region) once no socket has been attached for
/// <see cref="SessionSettings.PassivateAfter"/>, and comes back from the journal on the next message.
/// </summary>
public sealed class SessionActor : PersistentActor, ISessionHost
{
    private const string PassivateTimerKey = "passivate";
    private readonly string sessionId;
    private readonly SessionFeatureRegistry registry;
    private readonly SessionSettings settings;
    private readonly long writerEpoch;
    private readonly StudioMetrics? metrics;
    private SessionLoop? loop;
    private PersistenceSettings? persistence;
    private bool passivating;
    private TimeSpan passivationDelay;

    public SessionActor(string sessionId, SessionFeatureRegistry registry, SessionSettings settings, long writerEpoch = 0, StudioMetrics? metrics = null)
    {
        this.sessionId = sessionId;
        this.registry = registry;
        this.settings = settings;
        this.writerEpoch = writerEpoch;
        this.metrics = metrics;
    }

    public override string PersistenceId => "session-" + sessionId;

    IActorContext ISessionHost.Context => Context;

    protected override long WriterEpoch => writerEpoch;

    /// <summary>Session events use the session feature registry's codecs, whatever the system-wide serializer knows.</summary>
    protected override PersistenceSettings Persistence =>
        persistence ??= base.Persistence with { Serializer = new SessionEventJournalSerializer(registry.Serializer) };

    private SessionLoop Loop => loop ?? throw new InvalidOperationException("The session loop exists once the actor has started.");

    /// <summary>Props for the shard region: one incarnation per activation.</summary>
    public static Props PropsFor(EntityStart start, SessionFeatureRegistry registry, SessionSettings settings, StudioMetrics? metrics = null) =>
        Props.Create(() => new SessionActor(start.EntityId, registry, settings, start.WriterEpoch, metrics))
            .WithMaxBatchSize(settings.MaxCommandsPerTurn);

    void ISessionHost.StartTimer(object key, object message, TimeSpan delay) => Timers.StartSingleTimer(key, message, delay);

    void ISessionHost.CancelTimer(object key) => Timers.Cancel(key);

    void ISessionHost.Reply(IActorRef to, object message) => to.Tell(message, Self);

    protected override ValueTask PreStartAsync()
    {
        loop = new SessionLoop(sessionId, registry, settings, this, PersistTurnAsync, Context.System.TimeProvider, Logger);
        metrics?.SessionActivated();
        return ValueTask.CompletedTask;
    }

    protected override void ApplyEvent(object @event)
    {
        // Live events were applied by the loop when the command was accepted (later commands in the same turn must
        // see them); only recovery applies here.
        if (IsRecovering)
        {
            Loop.ApplyRecovered((ISessionEvent)@event, LastSequenceNr + 1);
        }
    }

    protected override ValueTask OnRecoveryCompletedAsync()
    {
        Loop.CompleteRecovery();
        if (RecoveredEventCount > 0)
        {
            Logger.LogInformation("Session {SessionId} recovered to seq {Seq} from {EventCount} events", sessionId, LastSequenceNr, RecoveredEventCount);

            // Features repair what a crash left behind (e.g. generations that were running) in the first turn.
            Self.Tell(SessionRecovered.Instance, Self);
        }

        SchedulePassivation();
        return ValueTask.CompletedTask;
    }

    protected override ValueTask OnReceiveAsync(object message) => OnReceiveBatchAsync(new[] { new Envelope(message, Sender) });

    protected override async ValueTask OnReceiveBatchAsync(ReadOnlyMemory<Envelope> batch)
    {
        var passivateTick = false;
        for (var i = 0; i < batch.Length; i++)
        {
            if (batch.Span[i].Message is PassivateTick)
            {
                passivateTick = true;
            }
        }

        var started = Stopwatch.GetTimestamp();
        var seqBefore = LastSequenceNr;
        await Loop.RunTurnAsync(batch).ConfigureAwait(false);
        metrics?.RecordTurn(batch.Length, (int)(LastSequenceNr - seqBefore), Stopwatch.GetElapsedTime(started));

        if (passivateTick && Loop.Connections.Count == 0 && Context.Children.Count == 0 && !passivating)
        {
            passivating = true;
            Logger.LogInformation("Session {SessionId} passivating (no connections)", sessionId);
            Context.Parent.Tell(Passivate.Instance, Self);
            return;
        }

        SchedulePassivation();
    }

    protected override ValueTask PostStopAsync()
    {
        // Passivation only happens with no sockets; a stop for any other reason (node shutdown, failure) tells the
        // clients to come back and resume.
        loop?.CloseAll(new ConnectionClose(CloseCodes.ServerShuttingDown, "session stopped; reconnect and resume"));
        if (loop is not null)
        {
            metrics?.SessionPassivated();
        }

        return ValueTask.CompletedTask;
    }

    private void SchedulePassivation()
    {
        if (Loop.Connections.Count == 0)
        {
            // A session id nobody created (a typo, a probe) is not kept around; a real one waits a while.
            var delay = Loop.State.Exists ? settings.PassivateAfter : TimeSpan.FromSeconds(1);
            if (!Timers.IsTimerActive(PassivateTimerKey) || delay != passivationDelay)
            {
                passivationDelay = delay;
                Timers.StartSingleTimer(PassivateTimerKey, PassivateTick.Instance, delay);
            }
        }
        else if (Timers.IsTimerActive(PassivateTimerKey))
        {
            Timers.Cancel(PassivateTimerKey);
        }
    }

    private async ValueTask PersistTurnAsync(IReadOnlyList<(ISessionEvent Event, long Seq)> events)
    {
        var list = new object[events.Count];
        for (var i = 0; i < list.Length; i++)
        {
            if (events[i].Seq != LastSequenceNr + 1 + i)
            {
                throw new InvalidOperationException($"Session {sessionId}: event seq {events[i].Seq} does not follow the journal's {LastSequenceNr + i}.");
            }

            list[i] = events[i].Event;
        }

        await PersistAllAsync(list).ConfigureAwait(false);
    }
}

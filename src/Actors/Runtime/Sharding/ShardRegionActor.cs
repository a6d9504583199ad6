using Microsoft.Extensions.Logging;

namespace ActorStudio.Actors.Runtime.Sharding;

/// <summary>The region's actor: its single thread owns the entity table, so activation, passivation and buffering
/// need no locks and cannot race each other.</summary>
internal sealed class ShardRegionActor(Func<EntityStart, Props> entityProps, IShardPlacement placement, ShardRegionSettings settings) : Actor
{
    private readonly Dictionary<string, Entity> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _idsByRef = [];

    protected override ValueTask PreStartAsync()
    {
        if (settings.PassivationIdleTimeout != Timeout.InfiniteTimeSpan)
        {
            var interval = settings.IdleCheckInterval ?? TimeSpan.FromTicks(Math.Max(settings.PassivationIdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks));
            Timers.StartPeriodicTimer("idle-check", PassivateIdleEntities.Instance, interval);
        }

        return ValueTask.CompletedTask;
    }

    protected override ValueTask OnReceiveAsync(object message)
    {
        switch (message)
        {
            case ShardEnvelope envelope:
                Route(envelope.EntityId, new Envelope(envelope.Message, Sender));
                break;
            case PlacementResolved resolved:
                OnPlacementResolved(resolved);
                break;
            case Passivate when Sender is not null && _idsByRef.TryGetValue(Sender, out var passivatingId):
                BeginPassivation(passivatingId, _entities[passivatingId]);
                break;
            case StopEntity stop:
                OnStopEntity(stop);
                break;
            case Terminated terminated:
                OnEntityTerminated(terminated.Actor);
                break;
            case PassivateIdleEntities:
                PassivateIdle();
                break;
            case GetLiveEntities:
                var ids = new List<string>(_entities.Count);
                foreach (var (id, entity) in _entities)
                {
                    if (entity.Ref is not null && !entity.Passivating)
                    {
                        ids.Add(id);
                    }
                }

                Sender?.Tell(new LiveEntities(ids), Self);
                break;
            default:
                Logger.LogWarning("Shard region {ActorPath} got an unexpected {MessageType}", Self.Path, message.GetType().Name);
                break;
        }

        return ValueTask.CompletedTask;
    }

    private void Route(string entityId, Envelope envelope)
    {
        if (string.IsNullOrEmpty(entityId))
        {
            envelope.Sender?.Tell(new StatusFailure(new ArgumentException("A shard envelope needs an entity id.")), Self);
            return;
        }

        if (!_entities.TryGetValue(entityId, out var entity))
        {
            entity = new Entity();
            _entities.Add(entityId, entity);
            Buffer(entityId, entity, envelope);
            StartPlacement(entityId);
            return;
        }

        if (entity.Ref is null || entity.Passivating)
        {
            Buffer(entityId, entity, envelope);
            return;
        }

        entity.LastActivity = Context.System.TimeProvider.GetUtcNow();
        if (!entity.Ref.Tell(envelope.Message, envelope.Sender) && entity.Ref is ActorCell { IsTerminated: true })
        {
            // It stopped on its own and its Terminated is on the way: keep the message for the next incarnation.
            entity.Passivating = true;
            Buffer(entityId, entity, envelope);
        }
    }

    private void Buffer(string entityId, Entity entity, Envelope envelope)
    {
        if (entity.Buffer.Count >= settings.MaxBufferedPerEntity)
        {
            Logger.LogWarning("Shard region {ActorPath} dropped a message for entity {EntityId}: buffer full", Self.Path, entityId);
            Context.System.DeadLetter(Self, envelope.Message, envelope.Sender, mailboxFull: true);
            return;
        }

        entity.Buffer.Add(envelope);
    }

    private void StartPlacement(string entityId)
    {
        var self = Self;
        ValueTask<PlacementDecision> pending;
        try
        {
            pending = placement.PlaceAsync(entityId, CancellationToken.None);
        }
        catch (Exception error)
        {
            OnPlacementResolved(new PlacementResolved(entityId, null, error));
            return;
        }

        if (pending.IsCompletedSuccessfully)
        {
            OnPlacementResolved(new PlacementResolved(entityId, pending.Result, null));
            return;
        }

        _ = CompleteLater(pending.AsTask());

        async Task CompleteLater(Task<PlacementDecision> task)
        {
            try
            {
                self.Tell(new PlacementResolved(entityId, await task.ConfigureAwait(false), null));
            }
            catch (Exception error)
            {
                self.Tell(new PlacementResolved(entityId, null, error));
            }
        }
    }

    private void OnPlacementResolved(PlacementResolved resolved)
    {
        if (!_entities.TryGetValue(resolved.EntityId, out var entity) || entity.Ref is not null)
        {
            return;
        }

        if (resolved.Error is not null || resolved.Decision is not { IsLocal: true } decision)
        {
            _entities.Remove(resolved.EntityId);
            foreach (var waiting in entity.Buffer)
            {
                object reply = resolved.Error is not null
                    ? new StatusFailure(resolved.Error)
                    : new ShardRedirect(resolved.EntityId, resolved.Decision!.OwnerNodeId, resolved.Decision.OwnerAddress);
                waiting.Sender?.Tell(reply, Self);
            }

            if (resolved.Error is not null)
            {
                Logger.LogError(resolved.Error, "Shard region {ActorPath} could not place entity {EntityId}", Self.Path, resolved.EntityId);
            }

            return;
        }

        IActorRef child;
        try
        {
            child = Context.ActorOf(entityProps(new EntityStart(resolved.EntityId, decision.WriterEpoch)), Uri.EscapeDataString(resolved.EntityId));
        }
        catch (Exception error)
        {
            _entities.Remove(resolved.EntityId);
            Logger.LogError(error, "Shard region {ActorPath} could not start entity {EntityId}", Self.Path, resolved.EntityId);
            foreach (var waiting in entity.Buffer)
            {
                waiting.Sender?.Tell(new StatusFailure(error), Self);
            }

            return;
        }

        Context.Watch(child);
        entity.Ref = child;
        entity.Passivating = false;
        entity.LastActivity = Context.System.TimeProvider.GetUtcNow();
        _idsByRef[child] = resolved.EntityId;
        var buffered = entity.Buffer;
        entity.Buffer = [];
        foreach (var waiting in buffered)
        {
            child.Tell(waiting.Message, waiting.Sender);
        }
    }

    private void BeginPassivation(string entityId, Entity entity)
    {
        if (entity.Passivating || entity.Ref is null)
        {
            return;
        }

        Logger.LogDebug("Shard region {ActorPath} passivates entity {EntityId}", Self.Path, entityId);
        entity.Passivating = true;
        // A poison pill, not Stop: what is already in the entity's mailbox is still handled.
        entity.Ref.Tell(PoisonPill.Instance, Self);
    }

    private void OnStopEntity(StopEntity stop)
    {
        if (!_entities.TryGetValue(stop.EntityId, out var entity) || entity.Ref is null)
        {
            return;
        }

        if (stop.Immediately)
        {
            Logger.LogInformation("Shard region {ActorPath} stops entity {EntityId} now", Self.Path, stop.EntityId);
            entity.Passivating = true;
            Context.Stop(entity.Ref);
            return;
        }

        BeginPassivation(stop.EntityId, entity);
    }

    private void OnEntityTerminated(IActorRef actor)
    {
        if (!_idsByRef.Remove(actor, out var entityId) || !_entities.TryGetValue(entityId, out var entity))
        {
            return;
        }

        entity.Ref = null;
        if (entity.Buffer.Count > 0)
        {
            // Messages came in while it was going away: start the next incarnation for them.
            StartPlacement(entityId);
            return;
        }

        _entities.Remove(entityId);
        _ = ReleaseQuietly(entityId);
    }

    private async Task ReleaseQuietly(string entityId)
    {
        try
        {
            await placement.ReleaseAsync(entityId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            Logger.LogWarning(error, "Shard region {ActorPath} could not release entity {EntityId}", Self.Path, entityId);
        }
    }

    private void PassivateIdle()
    {
        var now = Context.System.TimeProvider.GetUtcNow();
        foreach (var (id, entity) in _entities)
        {
            if (entity.Ref is not null && !entity.Passivating && now - entity.LastActivity >= settings.PassivationIdleTimeout)
            {
                BeginPassivation(id, entity);
            }
        }
    }

    private sealed class Entity
    {
        public IActorRef? Ref { get; set; }

        public bool Passivating { get; set; }

        public DateTimeOffset LastActivity { get; set; }

        public List<Envelope> Buffer { get; set; } = [];
    }
}

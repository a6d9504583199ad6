using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorStudio.Actors.Runtime;

/// <summary>
/// Hosts actors. Create one per process (tests: one per test), create top-level actors with <see cref="ActorOf"/>,
/// and dispose it to stop everything (children before parents).
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _guardian;
    private readonly ILogger _deadLetterLogger;
    private readonly ConcurrentDictionary<Type, bool> _batchOverrides = new();
    private long _deadLetters;

    private ActorSystem(string name, ActorSystemSettings settings, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        Name = name;
        Settings = settings;
        LoggerFactory = loggerFactory;
        TimeProvider = timeProvider;
        _deadLetterLogger = loggerFactory.CreateLogger("ActorStudio.Actors.DeadLetters");
        _guardian = new ActorCell(this, null, ActorPath.Root(name).Child("user"), Props.Create(static () => new GuardianActor()), isGuardian: true);
        _guardian.Start();
    }

    public string Name { get; }

    public ActorSystemSettings Settings { get; }

    public ILoggerFactory LoggerFactory { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>Messages that could not be delivered (target stopped or mailbox full) since the system started.</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetters);

    public static ActorSystem Create(
        string name,
        ActorSystemSettings? settings = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new ActorSystem(name, settings ?? new ActorSystemSettings(), loggerFactory ?? NullLoggerFactory.Instance, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => _guardian.CreateChild(props, name);

    /// <summary>Stops a local actor after its current turn.</summary>
    public void Stop(IActorRef actor) => ((IActorContext)_guardian).Stop(actor);

    /// <summary>Completes when <paramref name="actor"/> has fully stopped (children stopped, PostStop run, watchers told).</summary>
    public Task WhenTerminated(IActorRef actor) => actor is ActorCell cell
        ? cell.Termination
        : throw new NotSupportedException($"{actor.Path} is not a local actor.");

    /// <summary>Lets any ref (e.g. a test probe) receive <see cref="Terminated"/> when a local actor stops.</summary>
    public void Watch(IActorRef watcher, IActorRef actor)
    {
        if (actor is not ActorCell cell)
        {
            throw new NotSupportedException($"{actor.Path} is not a local actor.");
        }

        cell.AddWatcher(watcher);
    }

    /// <summary>Stops every actor, children first, and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        _guardian.RequestStop();
        await _guardian.Termination.ConfigureAwait(false);
    }

    internal void DeadLetter(IActorRef recipient, object message, IActorRef? sender, bool mailboxFull = false)
    {
        Interlocked.Increment(ref _deadLetters);
        if (_deadLetterLogger.IsEnabled(LogLevel.Debug))
        {
            _deadLetterLogger.LogDebug("Dead letter {MessageType} to {ActorPath} from {SenderPath} ({Reason})",
                message.GetType().Name, recipient.Path, sender?.Path, mailboxFull ? "mailbox full" : "actor stopped");
        }

        if (sender is IDeadLetterAware aware)
        {
            aware.OnDeadLetter(message);
        }
    }

    /// <summary>Whether the actor type overrides the batch hook (else the cell calls OnReceiveAsync per message and
    /// isolates failures per message).</summary>
    internal bool OverridesBatch(Type actorType) => _batchOverrides.GetOrAdd(actorType, static type =>
    {
        var method = type.GetMethod("OnReceiveBatchAsync", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        return method is not null && method.DeclaringType != typeof(Actor);
    });
}

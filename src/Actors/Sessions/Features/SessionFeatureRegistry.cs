using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Sessions.Events;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Actors.Sessions.State;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Actors.Sessions.Features;

/// <summary>
/// What the features of a session handle, built once per node and shared by every session (read-only after build).
/// </summary>
public sealed class SessionFeatureRegistry
{
    private readonly Dictionary<Type, CommandRegistration> commands = [];
    private readonly Dictionary<Type, EventRegistration> events = [];
    private readonly Dictionary<Type, Action<SessionTurn, object, IActorRef?>> messages = [];
    private readonly List<SnapshotContributor> snapshotContributors = [];

    public SessionFeatureRegistry(IEnumerable<ISessionFeature> features)
    {
        CoreEventCodecs.RegisterAll(Serializer);
        foreach (var feature in features)
        {
            feature.Register(this);
        }
    }

    public SessionEventSerializer Serializer { get; } = new();

    public IReadOnlyList<SnapshotContributor> SnapshotContributors => snapshotContributors;

    /// <summary>Registers the handler of a client command and the roles allowed to send it.</summary>
    public void Command<TCommand>(RoleSet allowed, CommandHandler<TCommand> handler)
        where TCommand : ClientCommand =>
        commands.Add(typeof(TCommand), new CommandRegistration(allowed, (turn, command, participant, connection, replyTo) =>
            handler(turn, new CommandContext<TCommand>((TCommand)command, participant, connection, replyTo))));

    /// <summary>
    /// Registers a journaled event: how it changes state (also during recovery, so it must be deterministic and must
    /// not send anything) and how it is published (null = nobody sees it).
    /// </summary>
    public void Event<TEvent>(Action<SessionState, TEvent, long> apply, Func<SessionState, TEvent, long, Publication?>? publish, SessionEventCodec<TEvent>? codec = null)
        where TEvent : ISessionEvent
    {
        if (codec is not null)
        {
            Serializer.Register(codec);
        }

        events.Add(typeof(TEvent), new EventRegistration(
            (state, e, seq) => apply(state, (TEvent)e, seq),
            publish is null ? null : (state, e, seq) => publish(state, (TEvent)e, seq)));
    }

    /// <summary>Registers a handler for an actor message that is not a client command (e.g. from a child actor).</summary>
    public void Message<TMessage>(Action<SessionTurn, TMessage, IActorRef?> handler)
        where TMessage : class =>
        messages.Add(typeof(TMessage), (turn, message, sender) => handler(turn, (TMessage)message, sender));

    /// <summary>Lets a feature add its part (stream, recording...) to the snapshot a participant receives.</summary>
    public void Snapshot(SnapshotContributor contributor) => snapshotContributors.Add(contributor);

    internal bool TryGetCommand(Type type, out CommandRegistration registration) => commands.TryGetValue(type, out registration!);

    internal EventRegistration GetEvent(Type type) =>
        events.TryGetValue(type, out var registration)
            ? registration
            : throw new InvalidOperationException($"No feature registered the event {type.Name}.");

    internal bool TryGetMessage(Type type, out Action<SessionTurn, object, IActorRef?> handler) => messages.TryGetValue(type, out handler!);

    internal sealed record CommandRegistration(RoleSet Allowed, Action<SessionTurn, ClientCommand, ParticipantState, SessionConnection?, IActorRef?> Invoke);

    internal sealed record EventRegistration(Action<SessionState, ISessionEvent, long> Apply, Func<SessionState, ISessionEvent, long, Publication?>? Publish);
}

/// <summary>Returns the snapshot with this feature's part filled in, for the participant it is built for.</summary>
public delegate SessionSnapshot SnapshotContributor(SessionState state, ParticipantState viewer, SessionSnapshot snapshot);

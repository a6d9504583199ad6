using System.Threading.Channels;
using ActorStudio.Actors.Runtime;

namespace ActorStudio.TestSupport.Actors;

/// <summary>
/// A ref that records what it is told, for asserting on actors from tests (like Akka.TestKit's probe).
/// Every expectation waits on REAL time (actors run on real threads) up to a timeout, then fails with a message
/// that says what was expected and what arrived.
/// </summary>
public sealed class TestProbe : IActorRef
{
    private readonly Channel<Envelope> _inbox = Channel.CreateUnbounded<Envelope>();

    public TestProbe(string name = "probe", TimeSpan? defaultTimeout = null)
    {
        Path = ActorPath.Root("testkit").Child(name);
        DefaultTimeout = defaultTimeout ?? TimeSpan.FromSeconds(5);
    }

    public ActorPath Path { get; }

    public TimeSpan DefaultTimeout { get; }

    /// <summary>Sender of the last message taken by an expectation.</summary>
    public IActorRef? LastSender { get; private set; }

    public bool Tell(object message, IActorRef? sender = null) => _inbox.Writer.TryWrite(new Envelope(message, sender));

    /// <summary>Replies to <see cref="LastSender"/> with the probe as sender.</summary>
    public void Reply(object message)
    {
        var target = LastSender ?? throw new InvalidOperationException("The probe has not received anything to reply to.");
        target.Tell(message, this);
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with the probe as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, this);

    /// <summary>Receives <see cref="Terminated"/> when <paramref name="actor"/> stops.</summary>
    public void Watch(ActorSystem system, IActorRef actor) => system.Watch(this, actor);

    /// <summary>The next message must arrive within the timeout and be a <typeparamref name="T"/>.</summary>
    public async Task<T> ExpectMsgAsync<T>(TimeSpan? timeout = null)
    {
        var envelope = await ReceiveOneAsync(timeout ?? DefaultTimeout, $"a {typeof(T).Name}").ConfigureAwait(false);
        if (envelope.Message is not T typed)
        {
            throw new TestProbeException($"{Path}: expected a {typeof(T).Name} but got {Describe(envelope.Message)}.");
        }

        return typed;
    }

    /// <summary>The next message must be a <typeparamref name="T"/> satisfying <paramref name="predicate"/>.</summary>
    public async Task<T> ExpectMsgAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null, string? because = null)
    {
        var message = await ExpectMsgAsync<T>(timeout).ConfigureAwait(false);
        if (!predicate(message))
        {
            throw new TestProbeException($"{Path}: {Describe(message!)} does not match{(because is null ? string.Empty : ": " + because)}.");
        }

        return message;
    }

    /// <summary>Nothing may arrive for <paramref name="duration"/>.</summary>
    public async Task ExpectNoMsgAsync(TimeSpan duration)
    {
        using var cts = new CancellationTokenSource(duration);
        try
        {
            var envelope = await _inbox.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
            throw new TestProbeException($"{Path}: expected no message for {duration} but got {Describe(envelope.Message)}.");
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }
    }

    /// <summary>Skips messages until a <typeparamref name="T"/> matching <paramref name="predicate"/> arrives.</summary>
    public async Task<T> FishForMessageAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var skipped = new List<string>();
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TestProbeException($"{Path}: no matching {typeof(T).Name} arrived; skipped: [{string.Join(", ", skipped)}].");
            }

            var envelope = await ReceiveOneAsync(left, $"a matching {typeof(T).Name} (skipped: [{string.Join(", ", skipped)}])").ConfigureAwait(false);
            if (envelope.Message is T typed && predicate(typed))
            {
                return typed;
            }

            skipped.Add(Describe(envelope.Message));
        }
    }

    /// <summary>The next <paramref name="count"/> messages, whatever they are.</summary>
    public async Task<IReadOnlyList<object>> ReceiveNAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var received = new List<object>(count);
        while (received.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            var envelope = await ReceiveOneAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero,
                $"message {received.Count + 1} of {count}").ConfigureAwait(false);
            received.Add(envelope.Message);
        }

        return received;
    }

    private async Task<Envelope> ReceiveOneAsync(TimeSpan timeout, string what)
    {
        if (_inbox.Reader.TryRead(out var ready))
        {
            LastSender = ready.Sender;
            return ready;
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var envelope = await _inbox.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
            LastSender = envelope.Sender;
            return envelope;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TestProbeException($"{Path}: timed out after {timeout} waiting for {what}.");
        }
    }

    private static string Describe(object message) => $"{message.GetType().Name} {message}";
}

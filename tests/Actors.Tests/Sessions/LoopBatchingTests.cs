using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Sessions;
using ActorStudio.Actors.Sessions.Features;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Protocol.Frames;
using ActorStudio.Protocol.Messages;
using ActorStudio.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorStudio.Actors.Tests.Sessions;

/// <summary>
/// The loop's batching under load, counted in frames on a manual clock (no wall-clock timing): a session at a
/// classroom's pace sends one frame per message at once; a flooded one packs many messages into each frame.
/// </summary>
public sealed class LoopBatchingTests
{
    private const int Viewers = 100;
    private readonly ManualTimeProvider clock = new();
    private readonly TimerHost host;
    private readonly List<long> journaled = [];
    private readonly SessionSettings settings = new()
    {
        ChatBurst = 100_000,
        ChatPerSecond = 100_000,
        FramesPerSecond = 100_000,
        BusyFlushDelayPerConnection = TimeSpan.FromMicroseconds(100), // 101 sockets: one flush per ~10 ms when busy
        MaxBusyFlushDelay = TimeSpan.FromMilliseconds(40),
        FlushBurst = 4,
        MaxEventsPerFlush = 256,
        OutboundHardLimit = 100_000,
    };

    private readonly SessionLoop loop;
    private readonly List<SessionConnection> viewers = [];
    private SessionConnection sender = null!;

    public LoopBatchingTests()
    {
        host = new TimerHost(clock);
        loop = new SessionLoop("s1", new SessionFeatureRegistry(SessionFeatures.Core()), settings, host, events =>
        {
            journaled.AddRange(events.Select(e => e.Seq));
            return ValueTask.CompletedTask;
        }, clock, NullLogger.Instance);
    }

    [Fact]
    public async Task At_a_classroom_pace_every_message_is_its_own_frame_sent_in_its_own_turn()
    {
        await SetUpAsync();

        for (var i = 0; i < 40; i++)
        {
            await TurnAsync(new ConnectionCommand(sender, new PostChat($"m{i}", $"message {i}")));

            // Sent within the turn: no timer, the frame is already queued.
            Assert.Equal(1, viewers[0].QueuedFrames);
            Drain(viewers[0]);
            await AdvanceAsync(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(0, host.Started);
        foreach (var viewer in viewers.Skip(1))
        {
            var frames = Drain(viewer);
            Assert.Equal(40, frames.Count);
            Assert.All(frames, f => Assert.IsType<ChatMessage>(Assert.Single(FrameReader.ReadServerFrame(f.Span))));
        }
    }

    [Fact]
    public async Task Under_a_flood_many_messages_share_a_frame_and_none_is_lost_or_reordered()
    {
        await SetUpAsync();

        // 400 messages, one turn each, 1 ms apart (1,000 messages/s): far more than one flush per 10 ms.
        for (var i = 0; i < 400; i++)
        {
            await TurnAsync(new ConnectionCommand(sender, new PostChat($"m{i}", $"message {i}")));
            await AdvanceAsync(TimeSpan.FromMilliseconds(1));
        }

        await AdvanceAsync(TimeSpan.FromMilliseconds(50));

        foreach (var viewer in viewers)
        {
            var frames = Drain(viewer);
            var texts = frames.SelectMany(f => FrameReader.ReadServerFrame(f.Span)).OfType<ChatMessage>().Select(m => m.Text).ToList();
            Assert.Equal(Enumerable.Range(0, 400).Select(i => $"message {i}"), texts);

            // ~400 ms at one flush per ~10 ms plus the initial burst: about 45 frames for 400 messages.
            Assert.InRange(frames.Count, 2, 60);
        }

        // Every message was journaled before it was held, and the sender got each ack once.
        Assert.Equal(journaled.Distinct().Count(), journaled.Count);
        var acks = Drain(sender).SelectMany(f => FrameReader.ReadServerFrame(f.Span)).OfType<Ack>().ToList();
        Assert.Equal(400, acks.Count);
        Assert.True(host.Started > 0);
    }

    [Fact]
    public async Task A_full_outbox_is_sent_at_once_without_waiting_for_the_timer()
    {
        settings.MaxEventsPerFlush = 10;
        await SetUpAsync();

        // The clock never moves: only the outbox size and the burst release frames.
        for (var i = 0; i < 100; i++)
        {
            await TurnAsync(new ConnectionCommand(sender, new PostChat($"m{i}", $"message {i}")));
        }

        var frames = Drain(viewers[0]);
        var delivered = frames.SelectMany(f => FrameReader.ReadServerFrame(f.Span)).OfType<ChatMessage>().Count();
        Assert.InRange(delivered, 100 - 9, 100);
        Assert.InRange(frames.Count, 9, 10 + settings.FlushBurst);

        // The rest (fewer than 10) waits for the timer.
        await AdvanceAsync(TimeSpan.FromMilliseconds(50));
        var rest = Drain(viewers[0]).SelectMany(f => FrameReader.ReadServerFrame(f.Span)).OfType<ChatMessage>().Count();
        Assert.Equal(100, delivered + rest);
    }

    [Fact]
    public async Task A_socket_attaching_while_frames_are_held_gets_them_exactly_once()
    {
        await SetUpAsync();
        var lastSeen = loop.State.LastSeq;
        for (var i = 0; i < 20; i++)
        {
            await TurnAsync(new ConnectionCommand(sender, new PostChat($"m{i}", $"message {i}")));
        }

        Assert.True(host.Started > 0, "some frames should be held");
        var late = new SessionConnection("c-late", "s1", "p-v0", ParticipantRole.Viewer, settings);
        await TurnAsync(new AttachConnection(late, lastSeen));
        await AdvanceAsync(TimeSpan.FromMilliseconds(100));

        var messages = Drain(late).SelectMany(f => FrameReader.ReadServerFrame(f.Span)).ToList();
        var welcome = Assert.IsType<Welcome>(messages[0]);
        Assert.True(welcome.Resumed);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"message {i}"), messages.OfType<ChatMessage>().Select(m => m.Text));

        var others = Drain(viewers[1]).SelectMany(f => FrameReader.ReadServerFrame(f.Span)).OfType<ChatMessage>().Count();
        Assert.Equal(20, others);
    }

    private async Task SetUpAsync()
    {
        var admits = new List<object> { new CreateSession("s1", "Batching", "h", "c", "v"), new AdmitParticipant(ParticipantRole.Host, "Host", "p-host", null) };
        for (var i = 0; i < Viewers; i++)
        {
            admits.Add(new AdmitParticipant(ParticipantRole.Viewer, "V" + i, "p-v" + i, null));
        }

        await TurnAsync([.. admits]);
        sender = new SessionConnection("c-host", "s1", "p-host", ParticipantRole.Host, settings);
        var attaches = new List<object> { new AttachConnection(sender, null) };
        for (var i = 0; i < Viewers; i++)
        {
            var viewer = new SessionConnection("c-v" + i, "s1", "p-v" + i, ParticipantRole.Viewer, settings);
            viewers.Add(viewer);
            attaches.Add(new AttachConnection(viewer, null));
        }

        await TurnAsync([.. attaches]);

        // Presence updates are paced: let them go out, then start from empty queues and a full flush budget.
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        Drain(sender);
        viewers.ForEach(v => Drain(v));
        host.Started = 0;
    }

    /// <summary>Moves the clock, running the turns of the timers that came due (as the actor's mailbox would).</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        clock.Advance(by);
        while (host.TakeDue(clock.GetUtcNow()) is { } message)
        {
            await TurnAsync(message);
        }
    }

    private async Task TurnAsync(params object[] messages) =>
        await loop.RunTurnAsync(messages.Select(m => new Envelope(m, null)).ToArray());

    private static List<ReadOnlyMemory<byte>> Drain(SessionConnection connection)
    {
        var frames = new List<ReadOnlyMemory<byte>>();
        while (connection.TryDequeue(out var frame))
        {
            frames.Add(frame.Payload);
        }

        return frames;
    }

    /// <summary>Keeps the loop's timers (one per key, like the actor's) for the test to fire on the manual clock.</summary>
    private sealed class TimerHost(TimeProvider clock) : ISessionHost
    {
        private readonly Dictionary<object, (object Message, DateTimeOffset Due)> timers = [];

        public int Started { get; set; }

        public IActorContext Context => throw new NotSupportedException();

        public void StartTimer(object key, object message, TimeSpan delay)
        {
            if (key is FlushTick)
            {
                Started++;
            }

            timers[key] = (message, clock.GetUtcNow() + delay);
        }

        public void CancelTimer(object key) => timers.Remove(key);

        public void Reply(IActorRef to, object message)
        {
        }

        public object? TakeDue(DateTimeOffset at)
        {
            foreach (var (key, timer) in timers)
            {
                if (timer.Due <= at)
                {
                    timers.Remove(key);
                    return timer.Message;
                }
            }

            return null;
        }
    }
}

using System.Runtime.InteropServices;
using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Sessions;
using ActorStudio.Actors.Sessions.Events;
using ActorStudio.Actors.Sessions.Features;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Protocol.Frames;
using ActorStudio.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorStudio.Actors.Tests.Sessions;

/// <summary>The game loop's guarantees, on the loop itself (no actor, no sockets, no clock).</summary>
public sealed class SessionLoopTests
{
    private readonly List<IReadOnlyList<(ISessionEvent Event, long Seq)>> appends = [];
    private readonly SessionSettings settings = new() { ChatBurst = 1000, ChatPerSecond = 1000 };
    private readonly SessionLoop loop;

    public SessionLoopTests()
    {
        var registry = new SessionFeatureRegistry(SessionFeatures.Core());
        loop = new SessionLoop("s1", registry, settings, new NoHost(), events =>
        {
            appends.Add([.. events]);
            return ValueTask.CompletedTask;
        }, TimeProvider.System, NullLogger.Instance);
    }

    [Fact]
    public async Task A_turn_of_many_commands_is_one_append_one_encoding_per_audience_and_one_frame_per_connection()
    {
        await TurnAsync(new CreateSession("s1", "Loop", "h", "c", "v"),
            new AdmitParticipant(ParticipantRole.Host, "Host", "p-host", null),
            new AdmitParticipant(ParticipantRole.Viewer, "V1", "p-v1", null),
            new AdmitParticipant(ParticipantRole.Viewer, "V2", "p-v2", null));
        var host = Connection("c-host", "p-host", ParticipantRole.Host);
        var v1 = Connection("c-v1", "p-v1", ParticipantRole.Viewer);
        var v2 = Connection("c-v2", "p-v2", ParticipantRole.Viewer);
        await TurnAsync(new AttachConnection(host, null), new AttachConnection(v1, null), new AttachConnection(v2, null));
        Drain(host);
        Drain(v1);
        Drain(v2);
        appends.Clear();

        var commands = new object[50];
        for (var i = 0; i < commands.Length; i++)
        {
            commands[i] = new ConnectionCommand(host, new PostChat($"c{i}", $"message {i}"));
        }

        await TurnAsync(commands);

        // One journal append for the whole turn, events in command order with consecutive seqs.
        var append = Assert.Single(appends);
        Assert.Equal(50, append.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"c{i}"), append.Select(e => e.Event.CommandId));
        Assert.Equal(Enumerable.Range((int)append[0].Seq, 50).Select(i => (long)i), append.Select(e => e.Seq));

        // One frame per connection; both viewers share the very same bytes (encoded once for the audience).
        var f1 = Assert.Single(Drain(v1));
        var f2 = Assert.Single(Drain(v2));
        Assert.True(MemoryMarshal.TryGetArray(f1, out var a1) && MemoryMarshal.TryGetArray(f2, out var a2) && ReferenceEquals(a1.Array, a2.Array));
        var viewerMessages = FrameReader.ReadServerFrame(f1.Span);
        Assert.Equal(50, viewerMessages.Count);
        Assert.All(viewerMessages, m => Assert.IsType<ChatMessage>(m));

        // The sender's frame holds the same events plus its 50 acks, still one frame.
        var hostMessages = FrameReader.ReadServerFrame(Assert.Single(Drain(host)).Span);
        Assert.Equal(50, hostMessages.OfType<ChatMessage>().Count());
        Assert.Equal(append.Select(e => e.Seq), hostMessages.OfType<Ack>().Select(a => a.Seq));
    }

    [Fact]
    public async Task A_resent_command_id_is_acked_with_its_first_seq_and_never_applied_twice()
    {
        await TurnAsync(new CreateSession("s1", "Loop", "h", "c", "v"), new AdmitParticipant(ParticipantRole.Collaborator, "C", "p-c", null));
        var c = Connection("c-c", "p-c", ParticipantRole.Collaborator);
        await TurnAsync(new AttachConnection(c, null));
        Drain(c);
        appends.Clear();

        await TurnAsync(new ConnectionCommand(c, new PostChat("same", "once")), new ConnectionCommand(c, new PostChat("same", "once")));
        await TurnAsync(new ConnectionCommand(c, new PostChat("same", "once")));

        var events = appends.SelectMany(a => a).ToList();
        var posted = Assert.Single(events);
        var acks = Drain(c).SelectMany(f => FrameReader.ReadServerFrame(f.Span)).OfType<Ack>().ToList();
        Assert.Equal(3, acks.Count);
        Assert.All(acks, a => Assert.Equal(posted.Seq, a.Seq));
        Assert.Single(loop.State.Chat);
    }

    [Fact]
    public async Task Recovery_rebuilds_state_and_remembers_command_ids()
    {
        await TurnAsync(new CreateSession("s1", "Loop", "h", "c", "v"), new AdmitParticipant(ParticipantRole.Host, "H", "p-h", null));
        var h = Connection("c-h", "p-h", ParticipantRole.Host);
        await TurnAsync(new AttachConnection(h, null));
        await TurnAsync(new ConnectionCommand(h, new PostChat("x1", "hello")), new ConnectionCommand(h, new MuteViewersChat("x2", true)));
        var journal = appends.SelectMany(a => a).ToList();

        var recovered = new SessionLoop("s1", new SessionFeatureRegistry(SessionFeatures.Core()), settings, new NoHost(), _ => ValueTask.CompletedTask, TimeProvider.System, NullLogger.Instance);
        foreach (var (e, seq) in journal)
        {
            recovered.ApplyRecovered(e, seq);
        }

        Assert.True(recovered.State.ViewersMuted);
        Assert.Equal(loop.State.LastSeq, recovered.State.LastSeq);
        Assert.Equal(["hello", "H muted chat for viewers."], recovered.State.Chat.Select(m => m.Text));
        Assert.True(recovered.State.Find("p-h")!.Commands.TryGet("x1", out var outcome));
        Assert.Equal(journal.First(e => e.Event.CommandId == "x1").Seq, outcome.Seq);
    }

    [Fact]
    public async Task After_recovery_a_client_resumes_with_exactly_the_events_it_missed_not_a_snapshot()
    {
        await TurnAsync(new CreateSession("s1", "Loop", "h", "c", "v"), new AdmitParticipant(ParticipantRole.Host, "H", "p-h", null));
        var h = Connection("c-h", "p-h", ParticipantRole.Host);
        await TurnAsync(new AttachConnection(h, null));
        for (var i = 0; i < 5; i++)
        {
            await TurnAsync(new ConnectionCommand(h, new PostChat($"x{i}", $"message {i}")));
        }

        var journal = appends.SelectMany(a => a).ToList();
        var seenUpTo = journal.First(e => e.Event.CommandId == "x1").Seq;

        // A new incarnation (node restart or failover) recovers from the journal; the client comes back with its seq.
        var recovered = new SessionLoop("s1", new SessionFeatureRegistry(SessionFeatures.Core()), settings, new NoHost(), _ => ValueTask.CompletedTask, TimeProvider.System, NullLogger.Instance);
        foreach (var (e, seq) in journal)
        {
            recovered.ApplyRecovered(e, seq);
        }

        recovered.CompleteRecovery();
        var back = Connection("c-h2", "p-h", ParticipantRole.Host);
        await recovered.RunTurnAsync(new[] { new Envelope(new AttachConnection(back, seenUpTo), null) });

        var messages = Drain(back).SelectMany(f => FrameReader.ReadServerFrame(f.Span)).ToList();
        var welcome = Assert.IsType<Welcome>(messages[0]);
        Assert.True(welcome.Resumed);
        Assert.Null(welcome.Snapshot);
        Assert.Equal(["message 2", "message 3", "message 4"], messages.OfType<ChatMessage>().Select(m => m.Text));
    }

    [Fact]
    public async Task Ephemeral_updates_and_events_reach_the_connection_in_the_order_the_turn_made_them()
    {
        var orderedLoop = new SessionLoop("s1", new SessionFeatureRegistry([.. SessionFeatures.Core(), new EphemeralNoteFeature()]), settings, new NoHost(), events =>
        {
            appends.Add([.. events]);
            return ValueTask.CompletedTask;
        }, TimeProvider.System, NullLogger.Instance);
        await orderedLoop.RunTurnAsync(new[] { new Envelope(new CreateSession("s1", "Loop", "h", "c", "v"), null), new Envelope(new AdmitParticipant(ParticipantRole.Host, "H", "p-h", null), null) });
        var h = Connection("c-h", "p-h", ParticipantRole.Host);
        await orderedLoop.RunTurnAsync(new[] { new Envelope(new AttachConnection(h, null), null) });
        Drain(h);

        // An ephemeral update, then an event, then another ephemeral update, all in one turn (one batch).
        await orderedLoop.RunTurnAsync(new[]
        {
            new Envelope(new EphemeralNote("p-before"), null),
            new Envelope(new ConnectionCommand(h, new PostChat("c1", "the event")), null),
            new Envelope(new EphemeralNote("p-after"), null),
        });

        var messages = FrameReader.ReadServerFrame(Assert.Single(Drain(h)).Span).Where(m => m is not Ack).ToList();
        Assert.Collection(
            messages,
            m => Assert.Equal("p-before", Assert.IsType<TypingChanged>(m).ParticipantId),
            m => Assert.Equal("the event", Assert.IsType<ChatMessage>(m).Text),
            m => Assert.Equal("p-after", Assert.IsType<TypingChanged>(m).ParticipantId));
    }

    private sealed record EphemeralNote(string Id);

    /// <summary>Sends an ephemeral (not journaled) update, as generation progress does.</summary>
    private sealed class EphemeralNoteFeature : ISessionFeature
    {
        public void Register(SessionFeatureRegistry registry) =>
            registry.Message<EphemeralNote>((turn, note, _) => turn.Send(Audience.Everyone, new TypingChanged(turn.State.LastSeq, note.Id, true)));
    }

    private SessionConnection Connection(string id, string participantId, ParticipantRole role) => new(id, "s1", participantId, role, settings);

    private async Task TurnAsync(params object[] messages)
    {
        var batch = new Envelope[messages.Length];
        for (var i = 0; i < messages.Length; i++)
        {
            batch[i] = new Envelope(messages[i], null);
        }

        await loop.RunTurnAsync(batch);
    }

    private static List<ReadOnlyMemory<byte>> Drain(SessionConnection connection)
    {
        var frames = new List<ReadOnlyMemory<byte>>();
        while (connection.TryDequeue(out var frame))
        {
            frames.Add(frame.Payload);
        }

        return frames;
    }

    private sealed class NoHost : ISessionHost
    {
        public IActorContext Context => throw new NotSupportedException();

        public void StartTimer(object key, object message, TimeSpan delay)
        {
        }

        public void CancelTimer(object key)
        {
        }

        public void Reply(IActorRef to, object message)
        {
        }
    }
}

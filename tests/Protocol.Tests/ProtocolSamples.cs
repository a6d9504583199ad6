using ActorStudio.Protocol.Messages;

namespace ActorStudio.Protocol.Tests;

/// <summary>At least one instance of every message, with nulls and non-nulls, multibyte text and large numbers.</summary>
internal static class ProtocolSamples
{
    // Millisecond precision: browsers decode timestamps into Date, which keeps milliseconds.
    private static readonly DateTimeOffset At = new(2026, 11, 22, 0, 59, 30, 123, TimeSpan.Zero);

    public static IReadOnlyList<(string Name, ClientCommand Command)> Commands { get; } =
    [
        ("hello-fresh", new Hello(ProtocolVersion.Current, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwXzEifQ.c2ln", null)),
        ("hello-resume", new Hello(ProtocolVersion.Current, "tok", 9_007_199_254_740_991)),
        ("ping", new Ping(1_763_773_170_123)),
        ("post-chat", new PostChat("c-0001", "Hello everyone 👋 — ça va? 中文")),
        ("post-chat-long", new PostChat(new string('x', 64), new string('y', 2000))),
        ("typing-on", new SetTyping(true)),
        ("typing-off", new SetTyping(false)),
        ("idle", new SetIdle(true)),
        ("generate-minimal", new Generate("c-0002", "a lighthouse at dusk, oil painting", "16:9", null, null)),
        ("generate-full", new Generate("c-0003", "same, but in winter", "1:1", 4_294_967_296, "img_7f3a")),
        ("generate-negative-seed", new Generate("c-0003b", "p", "3:4", -1, null)),
        ("retry-variant", new RetryVariant("c-0004", "gen_01", 3)),
        ("favorite", new Favorite("c-0005", "img_01")),
        ("unfavorite", new Unfavorite("c-0006", "img_01")),
        ("remove-chat", new RemoveContent("c-0007", ModerationTarget.ChatMessage, "msg_01")),
        ("remove-item", new RemoveContent("c-0008", ModerationTarget.StreamItem, "item_01")),
        ("mute-viewers", new MuteViewersChat("c-0009", true)),
        ("start-recording", new StartRecording("c-0010")),
        ("stop-recording", new StopRecording("c-0011")),
        ("remove-participant", new RemoveContent("c-0012", ModerationTarget.Participant, "p_3")),
        ("end-session", new EndSession("c-0013")),
    ];

    public static ChatMessage Chat(long seq, string text, string? commandId = "c-0001") =>
        new(seq, $"msg_{seq}", "p_host", "Ada Host", Role.Host, ChatMessageKind.User, text, At.AddSeconds(seq), commandId);

    public static SessionSnapshot Snapshot { get; } = new(
        new SessionInfo("s_abc", "Friday studio 🎨", "p_host", At),
        [
            new ParticipantInfo("p_host", "Ada Host", Role.Host, PresenceState.Online),
            new ParticipantInfo("p_2", "Grace", Role.Collaborator, PresenceState.Idle),
            new ParticipantInfo("p_3", "Linus", Role.Viewer, PresenceState.Reconnecting),
        ],
        [Chat(1, "welcome!"), new ChatMessage(2, "msg_2", null, "ActorStudio", Role.Host, ChatMessageKind.System, "Recording started", At, null)],
        [new StreamItem("item_1", "img_1", "p_2", "Grace", "a red fox", 1024, 1024, At)],
        new RecordingInfo(RecordingState.Active, At),
        ViewersChatMuted: false);

    public static IReadOnlyList<(string Name, ServerMessage Message)> Messages { get; } =
    [
        ("welcome-fresh", new Welcome(42, ProtocolVersion.Current, Snapshot.Participants[1], false, Snapshot, 15_000)),
        ("welcome-resumed", new Welcome(42, ProtocolVersion.Current, Snapshot.Participants[1], true, null, 15_000)),
        ("welcome-empty-room", new Welcome(0, 1, Snapshot.Participants[0], false, Snapshot with { Participants = [], Chat = [], Stream = [], Recording = new RecordingInfo(RecordingState.Off, null) }, 15_000)),
        // A collaborator who arrives before the host: no host yet, so hostParticipantId is nil.
        ("welcome-before-host", new Welcome(1, 1, Snapshot.Participants[1], false, Snapshot with { Session = Snapshot.Session with { HostParticipantId = null }, Participants = [Snapshot.Participants[1]], Chat = [], Stream = [] }, 15_000)),
        ("pong", new Pong(1_763_773_170_123, At)),
        ("ack", new Ack("c-0001", 43)),
        ("error-command", new Error("c-0001", ErrorCodes.RateLimited, "Slow down: 5 messages per 10 seconds.", 2500)),
        ("error-frame", new Error(null, ErrorCodes.BadFrame, "Expected string but found format byte 0xc0.", null)),
        ("moved", new Moved("s_abc", "wss://node-2.example.test/ws")),
        ("chat-message", Chat(44, "Hello everyone 👋 — ça va? 中文")),
        ("chat-message-system", new ChatMessage(45, "msg_45", null, "ActorStudio", Role.Host, ChatMessageKind.System, "Grace's message was removed by Ada Host", At, null)),
        ("chat-long", Chat(46, new string('é', 2000), null)),
        ("chat-removed", new ChatRemoved(47, "msg_44", "p_host")),
        ("typing", new TypingChanged(47, "p_2", true)),
        ("presence", new PresenceChanged(48, new ParticipantInfo("p_4", "Ken", Role.Viewer, PresenceState.Left))),
        ("generation-accepted", new GenerationAccepted(49, "c-0003", "gen_01", "same, but in winter", "16:9", 1344, 768, 4_294_967_296, "img_7f3a", 4, At)),
        ("generation-accepted-no-source", new GenerationAccepted(49, "c-0002", "gen_02", "p", "1:1", 1024, 1024, 0, null, 4, At)),
        ("variant-queued", new VariantProgress(50, "gen_01", 0, VariantStatus.Queued, 0, null, 0, 0, 0, null, false)),
        ("variant-running", new VariantProgress(50, "gen_01", 1, VariantStatus.Running, 42, null, 0, 0, 0, null, false)),
        ("variant-stored", new VariantProgress(51, "gen_01", 2, VariantStatus.Stored, 100, "img_9", 1344, 768, 1_234_567, null, false)),
        ("variant-failed", new VariantProgress(52, "gen_01", 3, VariantStatus.Failed, 0, null, 0, 0, 0, VariantFailureReasons.Safety, false)),
        ("variant-failed-retryable", new VariantProgress(52, "gen_01", 3, VariantStatus.Failed, 0, null, 0, 0, 0, VariantFailureReasons.RateLimited, true)),
        ("generation-done", new GenerationDone(53, "gen_01", 3, 1)),
        ("stream-added", new StreamItemAdded(54, Snapshot.Stream[0])),
        ("stream-removed", new StreamItemRemoved(55, "item_1", "p_host", StreamRemovalReason.RemovedByHost)),
        ("viewers-muted", new ViewersChatMuteChanged(56, true, "p_host")),
        ("recording-active", new RecordingStatus(57, RecordingState.Active, At, null)),
        ("recording-failed", new RecordingStatus(58, RecordingState.Failed, null, "egress failed: bucket not found")),
        ("big-seq", new Ack("c-x", 9_007_199_254_740_991)),
    ];
}

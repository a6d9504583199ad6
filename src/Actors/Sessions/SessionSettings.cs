namespace ActorStudio.Actors.Sessions;

/// <summary>
/// Tunables of live sessions (configuration section <c>Sessions</c>; see docs/operations.md).
/// Defaults are what a classroom needs; load tests raise the rate limits.
/// </summary>
public sealed class SessionSettings
{
    /// <summary>Life of an app token; a refresh within it restores the session.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Failed joins per minute allowed per client address and per session before 429.</summary>
    public int FailedJoinsPerMinute { get; set; } = 10;

    /// <summary>Base64 HMAC key for app tokens; generated into the data directory when empty.</summary>
    public string? TokenKey { get; set; }

    /// <summary>Most participants one session admits.</summary>
    public int MaxParticipants { get; set; } = 2000;

    /// <summary>Most open sockets per participant (tabs); the oldest is closed beyond it.</summary>
    public int MaxConnectionsPerParticipant { get; set; } = 4;

    /// <summary>Commands one game-loop turn drains at most.</summary>
    public int MaxCommandsPerTurn { get; set; } = 256;

    /// <summary>Pacing tick for coalescible updates (presence, typing); runs only while something waits.</summary>
    public TimeSpan PacingInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// A busy session flushes its frames at most once per this × its connections (capped by
    /// <see cref="MaxBusyFlushDelay"/>), so a burst of commands shares one frame per socket instead of one each. A
    /// session that flushes less often than that (a classroom at its normal pace) is not delayed at all.
    /// </summary>
    public TimeSpan BusyFlushDelayPerConnection { get; set; } = TimeSpan.FromMicroseconds(40);

    /// <summary>Most a busy session holds its frames back to batch them.</summary>
    public TimeSpan MaxBusyFlushDelay { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Flushes allowed back to back before the busy delay applies (absorbs short bursts at no latency).</summary>
    public int FlushBurst { get; set; } = 4;

    /// <summary>Events held back for batching that force a flush at once, whatever the delay.</summary>
    public int MaxEventsPerFlush { get; set; } = 256;

    /// <summary>Chat messages per participant: burst size and sustained rate per second.</summary>
    public int ChatBurst { get; set; } = 5;

    public double ChatPerSecond { get; set; } = 1.0;

    /// <summary>Frames per second a socket may send (sustained) and burst before being told to slow down.</summary>
    public double FramesPerSecond { get; set; } = 30;

    public int FrameBurst { get; set; } = 60;

    /// <summary>How long a new socket may take to send its Hello before it is closed (4005).</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Rate-limit violations tolerated on one socket before it is closed as a flood.</summary>
    public int FloodStrikes { get; set; } = 20;

    /// <summary>Words refused in chat (whole-word, case-insensitive).</summary>
    public IList<string> BlockedWords { get; set; } = [];

    /// <summary>Outbound frames queued per connection before coalescible updates are dropped.</summary>
    public int OutboundSoftLimit { get; set; } = 256;

    /// <summary>Outbound frames queued per connection before the connection is closed as a slow consumer.</summary>
    public int OutboundHardLimit { get; set; } = 1024;

    /// <summary>Outbound bytes queued per connection before the connection is closed as a slow consumer.</summary>
    public long OutboundHardLimitBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>
    /// How long a connection may take no frame at all while frames wait for it before it is closed as a slow consumer,
    /// however short its queue: a peer that stopped reading is found once the kernel's buffers are full, not only
    /// after the queue limits above, which a quiet session takes minutes to reach.
    /// </summary>
    public TimeSpan SlowConsumerStall { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The kernel send buffer of a session socket in bytes (SO_SNDBUF; Linux doubles it), 0 for the kernel's own
    /// auto-tuning. Left to itself the kernel grows it to megabytes (on loopback at once), where a peer that stopped
    /// reading hides minutes of a classroom's traffic from the limits above and holds that memory in the kernel; 64 KiB
    /// still carries several hundred KB/s per socket at 200 ms round trips, far above what a session sends.
    /// </summary>
    public int SocketSendBufferBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a slow consumer's socket is kept after its close frame was queued, so a peer that reads again in that
    /// time still learns why (4011) before the TCP connection is dropped.
    /// </summary>
    public TimeSpan SlowConsumerCloseGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Recent broadcast frames kept in memory for resume before falling back to a snapshot.</summary>
    public int ResumeBufferFrames { get; set; } = 4096;

    /// <summary>How long an empty session stays active before passivating.</summary>
    public TimeSpan PassivateAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a participant whose sockets all dropped shows as reconnecting before they count as gone.</summary>
    public TimeSpan ReconnectGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Command ids remembered per participant for idempotent replays.</summary>
    public int RememberedCommandIds { get; set; } = 256;
}

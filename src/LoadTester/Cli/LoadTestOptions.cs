namespace ActorStudio.LoadTester.Cli;

/// <summary>One scenario, as given on the command line.</summary>
public sealed record LoadTestOptions
{
    private readonly IReadOnlyList<Uri> _urls = [new Uri("http://127.0.0.1:5000")];

    /// <summary>The server (the first node when several are given).</summary>
    public Uri Url { get => _urls[0]; init => _urls = [value]; }

    /// <summary>
    /// Every node of a cluster (--url several times or a comma list): sessions are created and joins spread
    /// through them, and a participant whose node is gone rejoins through another.
    /// </summary>
    public IReadOnlyList<Uri> Urls
    {
        get => _urls;
        init => _urls = value.Count > 0 ? [.. value] : throw new ArgumentException("at least one URL is needed", nameof(value));
    }

    public TargetKind Target { get; init; } = TargetKind.ActorStudio;

    public int Sessions { get; init; } = 1;

    /// <summary>Participants per session, host included.</summary>
    public int Participants { get; init; } = 10;

    public RoleMix Roles { get; init; } = RoleMix.Default;

    /// <summary>Chat messages per second per session, each from a random participant.</summary>
    public double ChatRate { get; init; } = 1;

    /// <summary>Generation requests per second per session, each from a random host or collaborator.</summary>
    public double GenerateRate { get; init; }

    /// <summary>Stars per second per session, each on a random stored image of its requester.</summary>
    public double FavoriteRate { get; init; }

    /// <summary>Seconds of measured load after everyone has joined.</summary>
    public double DurationSeconds { get; init; } = 10;

    /// <summary>Joins per second while the sessions fill.</summary>
    public double RampPerSecond { get; init; } = 200;

    /// <summary>Participants (spread over the sessions) that stop reading their socket after joining.</summary>
    public int SlowConsumers { get; init; }

    /// <summary>
    /// SO_RCVBUF of the slow consumers' sockets (0: kernel auto-tuning). Set, it fixes the buffer as a thin link's
    /// would: on loopback an auto-tuned socket that stopped reading takes tens of MB, minutes of a classroom's traffic,
    /// before the server's writes block, so no server could tell within a run.
    /// </summary>
    public int SlowConsumerReceiveBufferBytes { get; init; } = 16 * 1024;

    /// <summary>Socket drops followed by a resume, per second, over the whole run.</summary>
    public double ChurnPerSecond { get; init; }

    /// <summary>Seconds of unmeasured chat before the measured window, to warm both ends up.</summary>
    public double WarmupSeconds { get; init; }

    /// <summary>Seconds to wait after the last message for deliveries still in flight.</summary>
    public double DrainSeconds { get; init; } = 3;

    /// <summary>Bytes of chat text per message (stamp plus padding).</summary>
    public int MessageBytes { get; init; } = 64;

    /// <summary>Server process to sample in /proc (CPU seconds, RSS), when known.</summary>
    public int? ServerPid { get; init; }

    public string? JsonPath { get; init; }

    public string? HtmlPath { get; init; }

    /// <summary>Live progress on the terminal; off when output is redirected or asked off.</summary>
    public bool Live { get; init; } = true;

    public int Seed { get; init; } = 7;

    public int TotalParticipants => Sessions * Participants;
}

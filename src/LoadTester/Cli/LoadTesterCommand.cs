using System.CommandLine;
using System.CommandLine.Parsing;

namespace ActorStudio.LoadTester.Cli;

/// <summary>The command line: every option of the scenario, its validation, and its mapping to <see cref="LoadTestOptions"/>.</summary>
public sealed class LoadTesterCommand
{
    private readonly Option<Uri[]> _url = new("--url")
    {
        Description = "Base URL of the server (ActorStudio node or SignalR baseline). Several (repeated or comma-separated): the nodes of a cluster; joins spread over them and a participant whose node dies rejoins through another.",
        DefaultValueFactory = _ => [new Uri("http://127.0.0.1:5000")],
        CustomParser = ParseUrls,
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<TargetKind> _target = new("--target")
    {
        Description = "Which server speaks at --url: actorstudio or signalr.",
        DefaultValueFactory = _ => TargetKind.ActorStudio,
        CustomParser = ParseTarget,
    };

    private readonly Option<int> _sessions = new("--sessions") { Description = "Number of sessions.", DefaultValueFactory = _ => 1 };

    private readonly Option<int> _participants = new("--participants") { Description = "Participants per session (the first is the host).", DefaultValueFactory = _ => 10 };

    private readonly Option<RoleMix> _roles = new("--roles")
    {
        Description = "Mix of the non-host roles as weights, e.g. collaborator=20,viewer=80.",
        DefaultValueFactory = _ => RoleMix.Default,
        CustomParser = ParseRoles,
    };

    private readonly Option<double> _chatRate = new("--chat-rate") { Description = "Chat messages per second per session.", DefaultValueFactory = _ => 1 };

    private readonly Option<double> _generateRate = new("--generate-rate") { Description = "Generation requests per second per session.", DefaultValueFactory = _ => 0 };

    private readonly Option<double> _favoriteRate = new("--favorite-rate") { Description = "Stars per second per session.", DefaultValueFactory = _ => 0 };

    private readonly Option<double> _duration = new("--duration") { Description = "Seconds of measured load after the joins.", DefaultValueFactory = _ => 10 };

    private readonly Option<double> _ramp = new("--ramp") { Description = "Joins per second while the sessions fill.", DefaultValueFactory = _ => 200 };

    private readonly Option<int> _slowConsumers = new("--slow-consumers") { Description = "Participants that stop reading after joining (spread over sessions).", DefaultValueFactory = _ => 0 };

    private readonly Option<int> _slowReceiveBuffer = new("--slow-consumer-receive-buffer") { Description = "TCP receive buffer (bytes, SO_RCVBUF) of the slow consumers; 0 leaves the kernel's auto-tuning, which lets a socket that stopped reading take tens of MB before TCP pushes back.", DefaultValueFactory = _ => 16 * 1024 };
    private readonly Option<double> _churn = new("--churn") { Description = "Socket drops followed by a resume, per second.", DefaultValueFactory = _ => 0 };

    private readonly Option<double> _drain = new("--drain") { Description = "Seconds to wait for in-flight deliveries after sending stops.", DefaultValueFactory = _ => 3 };

    private readonly Option<double> _warmup = new("--warmup") { Description = "Seconds of unmeasured chat before the measured window.", DefaultValueFactory = _ => 0 };

    private readonly Option<int> _messageBytes = new("--message-bytes") { Description = "Bytes of chat text per message (at least 48).", DefaultValueFactory = _ => 64 };

    private readonly Option<int?> _serverPid = new("--server-pid") { Description = "PID of the server process, to sample its CPU and memory in /proc." };

    private readonly Option<string?> _json = new("--json") { Description = "Write the machine-readable report to this file." };

    private readonly Option<string?> _html = new("--html") { Description = "Write a self-contained HTML report with plots to this file." };

    private readonly Option<bool> _noLive = new("--no-live") { Description = "No live progress display, even on a terminal." };

    private readonly Option<int> _seed = new("--seed") { Description = "Random seed for who sends what.", DefaultValueFactory = _ => 7 };

    public LoadTesterCommand()
    {
        Root = new RootCommand("ActorStudio load tester: simulates classrooms over the real protocol and measures delivery.");
        Option[] all =
        [
            _url, _target, _sessions, _participants, _roles, _chatRate, _generateRate, _favoriteRate, _duration, _ramp,
            _slowConsumers, _slowReceiveBuffer, _churn, _drain, _warmup, _messageBytes, _serverPid, _json, _html, _noLive, _seed,
        ];
        foreach (Option option in all)
        {
            Root.Options.Add(option);
        }

        AtLeast(_sessions, 1);
        AtLeast(_participants, 1);
        AtLeast(_slowConsumers, 0);
        AtLeast(_slowReceiveBuffer, 0);
        AtLeast(_messageBytes, 48);
        NotNegative(_chatRate);
        NotNegative(_generateRate);
        NotNegative(_favoriteRate);
        NotNegative(_churn);
        NotNegative(_drain);
        NotNegative(_warmup);
        Positive(_duration);
        Positive(_ramp);
    }

    public RootCommand Root { get; }

    /// <summary>Parses <paramref name="args"/>; on failure returns null and the parser's messages.</summary>
    public LoadTestOptions? TryParse(IReadOnlyList<string> args, out IReadOnlyList<string> errors)
    {
        ParseResult result = Root.Parse(args);
        errors = result.Errors.Select(e => e.Message).ToList();
        return result.Errors.Count == 0 ? ToOptions(result) : null;
    }

    public LoadTestOptions ToOptions(ParseResult result) => new()
    {
        Urls = result.GetValue(_url)!,
        Target = result.GetValue(_target),
        Sessions = result.GetValue(_sessions),
        Participants = result.GetValue(_participants),
        Roles = result.GetValue(_roles)!,
        ChatRate = result.GetValue(_chatRate),
        GenerateRate = result.GetValue(_generateRate),
        FavoriteRate = result.GetValue(_favoriteRate),
        DurationSeconds = result.GetValue(_duration),
        RampPerSecond = result.GetValue(_ramp),
        SlowConsumers = result.GetValue(_slowConsumers),
        SlowConsumerReceiveBufferBytes = result.GetValue(_slowReceiveBuffer),
        ChurnPerSecond = result.GetValue(_churn),
        DrainSeconds = result.GetValue(_drain),
        WarmupSeconds = result.GetValue(_warmup),
        MessageBytes = result.GetValue(_messageBytes),
        ServerPid = result.GetValue(_serverPid),
        JsonPath = result.GetValue(_json),
        HtmlPath = result.GetValue(_html),
        Live = !result.GetValue(_noLive),
        Seed = result.GetValue(_seed),
    };

    private static void AtLeast(Option<int> option, int minimum) =>
        option.Validators.Add(r =>
        {
            if (TryGetValue(r, out int value) && value < minimum)
            {
                r.AddError($"{option.Name} must be at least {minimum}.");
            }
        });

    private static void NotNegative(Option<double> option) =>
        option.Validators.Add(r =>
        {
            if (TryGetValue(r, out double value) && (value < 0 || double.IsNaN(value) || double.IsInfinity(value)))
            {
                r.AddError($"{option.Name} must be a finite number, zero or more.");
            }
        });

    private static void Positive(Option<double> option) =>
        option.Validators.Add(r =>
        {
            if (TryGetValue(r, out double value) && (!(value > 0) || double.IsInfinity(value)))
            {
                r.AddError($"{option.Name} must be a finite number above zero.");
            }
        });

    /// <summary>The option's value, or false when it did not convert (the parser has already reported that).</summary>
    private static bool TryGetValue<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    private static Uri[] ParseUrls(ArgumentResult result)
    {
        var urls = new List<Uri>();
        IEnumerable<string> texts = result.Tokens.Count == 0
            ? [string.Empty]
            : result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).DefaultIfEmpty(string.Empty));
        foreach (string text in texts)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                urls.Add(uri);
            }
            else
            {
                result.AddError($"--url must be an absolute http:// or https:// URL, not '{text}'.");
                return [new Uri("http://127.0.0.1")];
            }
        }

        return [.. urls];
    }

    private static TargetKind ParseTarget(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        switch (text.ToLowerInvariant())
        {
            case "actorstudio":
                return TargetKind.ActorStudio;
            case "signalr":
                return TargetKind.SignalR;
            default:
                result.AddError($"--target must be actorstudio or signalr, not '{text}'.");
                return TargetKind.ActorStudio;
        }
    }

    private static RoleMix ParseRoles(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (RoleMix.TryParse(text, out RoleMix mix, out string? error))
        {
            return mix;
        }

        result.AddError("--roles: " + error);
        return RoleMix.Default;
    }
}

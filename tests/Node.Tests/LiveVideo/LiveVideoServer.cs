using ActorStudio.Node.Tests.LiveKit;
using ActorStudio.TestSupport;

namespace ActorStudio.Node.Tests.LiveVideo;

/// <summary>The real node configured for LiveKit against a Twirp stand-in on loopback (no media server runs here).</summary>
internal sealed class LiveVideoServer : IAsyncDisposable
{
    public const string RecordingBucket = "studio-recordings";

    private LiveVideoServer(TwirpStandIn standIn, StudioServer server)
    {
        StandIn = standIn;
        Server = server;
        Http = new Sessions.SessionHttp(server.CreateClient());
    }

    public TwirpStandIn StandIn { get; }

    public StudioServer Server { get; }

    public Sessions.SessionHttp Http { get; }

    public static async Task<LiveVideoServer> StartAsync(bool recording = true, IEnumerable<string>? extraArgs = null)
    {
        var standIn = await TwirpStandIn.StartAsync();
        standIn.On("livekit.RoomService/CreateRoom", body => TwirpStandIn.Reply.Ok(
            $$"""{"sid":"RM_1","name":"{{body.GetProperty("name").GetString()}}","empty_timeout":300,"max_participants":2000,"creation_time":"1763772000"}"""));
        var args = new List<string>
        {
            "--LiveKit:Url", standIn.LiveKitUrl,
            "--LiveKit:ApiKey", LiveKitTestSettings.ApiKey,
            "--LiveKit:ApiSecret", LiveKitTestSettings.ApiSecret,
        };
        if (recording)
        {
            args.AddRange(["--LiveKit:Recording:Bucket", RecordingBucket, "--LiveKit:Recording:Endpoint", "https://acct.r2.cloudflarestorage.com",
                "--LiveKit:Recording:AccessKey", "test-access", "--LiveKit:Recording:Secret", "test-secret"]);
        }

        if (extraArgs is not null)
        {
            args.AddRange(extraArgs);
        }

        try
        {
            return new LiveVideoServer(standIn, await StudioServer.StartAsync(extraArgs: args));
        }
        catch
        {
            await standIn.DisposeAsync();
            throw;
        }
    }

    public static string EgressJson(string sessionId, string id, string status, string? file = null) =>
        $$"""{"egress_id":"{{id}}","room_id":"RM_1","room_name":"studio-{{sessionId}}","status":"{{status}}","started_at":"1763772000000000000","ended_at":"0","updated_at":"1763772005000000000","error":"","error_code":0,"file_results":[{{(file is null ? "" : $$"""{"filename":"{{file}}","started_at":"1763772000000000000","ended_at":"1763772600000000000","duration":"600000000000","size":"4096","location":"https://acct.r2.cloudflarestorage.com/{{RecordingBucket}}/{{file}}"}""")}}]}""";

    /// <summary>Waits until the stand-in received a call to <paramref name="method"/> (session-started calls run in the background).</summary>
    public async Task<TwirpStandIn.Call> WaitForCallAsync(string method, Func<TwirpStandIn.Call, bool>? match = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var call in StandIn.Calls)
            {
                if (call.Method == method && (match is null || match(call)))
                {
                    return call;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The stand-in got no {method}; calls: {string.Join(", ", StandIn.Calls.Select(c => c.Method))}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Client.Dispose();
        await Server.DisposeAsync();
        await StandIn.DisposeAsync();
    }
}

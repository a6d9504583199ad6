using ActorStudio.Actors.Sessions.LiveVideo;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Node.Sessions.Http;
using ActorStudio.Node.Sessions.Security;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Node.Sessions.LiveVideo;

/// <summary>
/// The live-video HTTP API: <c>POST /api/sessions/{id}/recording</c> (host only; the same command as the socket's
/// StartRecording/StopRecording) and <c>GET /api/sessions/{id}/media</c> (state, and the host's recordings with links).
/// </summary>
public static class LiveVideoApi
{
    public static IEndpointRouteBuilder MapLiveVideoApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/sessions");
        group.MapPost("/{sessionId}/recording", RecordAsync);
        group.MapGet("/{sessionId}/media", GetAsync);
        return endpoints;
    }

    private static async Task<IResult> RecordAsync(string sessionId, HttpContext http, SessionGateway gateway, AppTokenService tokens, CancellationToken cancellationToken)
    {
        var auth = SessionApi.Authorize(http, tokens, sessionId);
        if (auth.Error is not null)
        {
            return auth.Error;
        }

        if (!http.Request.HasJsonContentType())
        {
            return SessionProblems.Problem(StatusCodes.Status415UnsupportedMediaType, Hosting.HttpProblemCodes.UnsupportedMediaType, "Send JSON (Content-Type: application/json).");
        }

        if (http.Request.ContentLength > 4096)
        {
            return SessionProblems.Problem(StatusCodes.Status413PayloadTooLarge, Hosting.HttpProblemCodes.PayloadTooLarge, "The request body is too large.");
        }

        RecordingRequest? body;
        try
        {
            body = await http.Request.ReadFromJsonAsync<RecordingRequest>(cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return SessionProblems.BadRequest("The body is not valid JSON for this request: " + ex.Message);
        }

        var commandId = body?.CommandId ?? http.Request.Headers["Idempotency-Key"].ToString();
        if (string.IsNullOrEmpty(commandId))
        {
            commandId = "http-" + Guid.NewGuid().ToString("N");
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(commandId) > ProtocolLimits.MaxCommandIdBytes)
        {
            return SessionProblems.BadRequest($"commandId must be at most {ProtocolLimits.MaxCommandIdBytes} bytes.");
        }

        ClientRequest? command = body?.Action switch
        {
            "start" => new StartRecording(commandId),
            "stop" => new StopRecording(commandId),
            _ => null,
        };
        if (command is null)
        {
            return SessionProblems.BadRequest("action must be \"start\" or \"stop\".");
        }

        object? reply;
        try
        {
            reply = await gateway.AskAsync(sessionId, new SubmitCommand(auth.Token!.ParticipantId, command), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return SessionProblems.Unavailable();
        }

        switch (reply)
        {
            case CommandResult { Ack: { } ack }:
                var view = await AskViewAsync(gateway, sessionId, auth.Token.ParticipantId, cancellationToken).ConfigureAwait(false);
                return Results.Json(new RecordingResponse(ack.CommandId, ack.Seq, view?.RecordingPhase ?? "unknown"), statusCode: StatusCodes.Status202Accepted);
            case CommandResult { Error: { } error }:
                return error.Code is ErrorCodes.LiveKitNotConfigured or ErrorCodes.RecordingNotConfigured
                    ? SessionProblems.Problem(StatusCodes.Status501NotImplemented, error.Code, error.Message)
                    : SessionProblems.From(error);
            case SessionNotFound:
                return SessionProblems.NotFound();
            default:
                return SessionProblems.Unavailable();
        }
    }

    private static async Task<IResult> GetAsync(string sessionId, HttpContext http, SessionGateway gateway, AppTokenService tokens, RecordingLinks links, CancellationToken cancellationToken)
    {
        var auth = SessionApi.Authorize(http, tokens, sessionId);
        if (auth.Error is not null)
        {
            return auth.Error;
        }

        object? reply;
        try
        {
            reply = await gateway.AskAsync(sessionId, new GetLiveVideoView(auth.Token!.ParticipantId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return SessionProblems.Unavailable();
        }

        switch (reply)
        {
            case LiveVideoView view:
                List<RecordingFileView>? files = null;
                if (auth.Token.Role == Actors.Sessions.ParticipantRole.Host)
                {
                    files = new List<RecordingFileView>(view.Files.Count);
                    foreach (var file in view.Files)
                    {
                        var (url, where) = await links.ResolveAsync(file.Location, cancellationToken).ConfigureAwait(false);
                        files.Add(new RecordingFileView(file.EgressId, file.Location, file.StartedAt, file.EndedAt, url?.ToString(), where, file.Note));
                    }
                }

                return Results.Ok(new LiveVideoResponse(
                    view.Configured, view.RecordingConfigured, view.RecordingPhase, view.RecordingStartedAt, view.RecordingError,
                    view.HostParticipantId, view.HostInRoom, view.HostTrackSources, view.ParticipantsInRoom, view.WebhookEvents, files));
            case SessionRefused refused:
                return SessionProblems.From(refused);
            case SessionNotFound:
                return SessionProblems.NotFound();
            default:
                return SessionProblems.Unavailable();
        }
    }

    private static async Task<LiveVideoView?> AskViewAsync(SessionGateway gateway, string sessionId, string participantId, CancellationToken cancellationToken)
    {
        try
        {
            return await gateway.AskAsync(sessionId, new GetLiveVideoView(participantId), cancellationToken).ConfigureAwait(false) as LiveVideoView;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}

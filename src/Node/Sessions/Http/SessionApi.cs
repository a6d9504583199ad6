using System.Net;
using ActorStudio.Actors.Ports;
using ActorStudio.Actors.Sessions;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Node.Sessions.Security;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Node.Sessions.Http;

/// <summary>The session HTTP API of issue 4 (see docs/protocol.md, "HTTP API").</summary>
public static class SessionApi
{
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/sessions");
        group.MapPost("", CreateAsync);
        group.MapPost("/{sessionId}/join", JoinAsync);
        group.MapGet("/{sessionId}", GetAsync);
        group.MapPost("/{sessionId}/chat", PostChatAsync);
        group.MapDelete("/{sessionId}", EndAsync);
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http,
        SessionGateway gateway,
        AccessCodes codes,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var body = await ReadJsonAsync<CreateSessionRequest>(http, cancellationToken).ConfigureAwait(false);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var title = "Untitled session";
        if (!string.IsNullOrWhiteSpace(body.Value?.Title))
        {
            var cleaned = TextInput.Clean(body.Value.Title, TextInput.MaxTitleChars, allowNewlines: false, out var problem);
            if (cleaned is null)
            {
                return SessionProblems.BadRequest("title " + problem + ".");
            }

            title = cleaned;
        }

        var sessionId = SecureIds.NewSessionId();
        var plain = new RoleCodes(codes.NewCode(), codes.NewCode(), codes.NewCode());
        var reply = await AskAsync(gateway, sessionId, new CreateSession(sessionId, title, codes.Hash(plain.Host), codes.Hash(plain.Collaborator), codes.Hash(plain.Viewer)), cancellationToken).ConfigureAwait(false);
        switch (reply)
        {
            case SessionCreatedReply:
                loggers.CreateLogger("ActorStudio.Sessions").LogInformation("Session {SessionId} created", sessionId);
                _ = http.RequestServices.GetService<LiveVideo.MediaRoomKeeper>()?.SessionStarted(sessionId);
                var response = new CreateSessionResponse(sessionId, title, BaseUrl(http) + "/?session=" + sessionId, plain);
                return Results.Json(response, statusCode: StatusCodes.Status201Created);
            case SessionRefused refused:
                return SessionProblems.From(refused);
            default:
                return SessionProblems.Unavailable();
        }
    }

    private static async Task<IResult> JoinAsync(
        string sessionId,
        HttpContext http,
        SessionGateway gateway,
        AccessCodeVerifier verifier,
        AppTokenService tokens,
        JoinAttemptLimiter limiter,
        IServiceProvider services,
        CancellationToken cancellationToken)
    {
        if (!SecureIds.LooksLikeSessionId(sessionId))
        {
            return SessionProblems.NotFound();
        }

        var client = ClientAddress(http);
        if (limiter.Check(client, sessionId) is { } wait)
        {
            return SessionProblems.Problem(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many failed join attempts; wait before trying again.", retryAfter: wait);
        }

        var body = await ReadJsonAsync<JoinSessionRequest>(http, cancellationToken).ConfigureAwait(false);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var request = body.Value ?? new JoinSessionRequest(null, null);

        // A token of this session (even an expired one) names the participant to restore, when the code agrees
        // or the token is still valid: a refresh or a second join from the same browser is the same person.
        var presented = tokens.Validate(BearerToken(http));
        var previous = presented.Token is { } t && t.SessionId == sessionId ? presented : null;

        var access = await AskAsync(gateway, sessionId, GetSessionAccess.Instance, cancellationToken).ConfigureAwait(false);
        if (access is SessionNotFound)
        {
            limiter.RecordFailure(client, sessionId);
            return SessionProblems.NotFound();
        }

        if (access is not SessionAccess hashes)
        {
            return SessionProblems.Unavailable();
        }

        ParticipantRole role;
        string? existingId = null;
        var codeRole = string.IsNullOrWhiteSpace(request.Code) ? null : await Task.Run(() => verifier.Match(request.Code, hashes), cancellationToken).ConfigureAwait(false);
        if (previous is { Status: TokenStatus.Valid } && (codeRole is null || codeRole == previous.Token!.Role))
        {
            role = previous.Token!.Role;
            existingId = previous.Token.ParticipantId;
        }
        else if (codeRole is { } matched)
        {
            role = matched;
            if (previous?.Token is { } old && old.Role == matched)
            {
                existingId = old.ParticipantId;
            }
        }
        else
        {
            limiter.RecordFailure(client, sessionId);
            return string.IsNullOrWhiteSpace(request.Code)
                ? SessionProblems.BadRequest("code is required.")
                : SessionProblems.Problem(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "That access code is not valid for this session.");
        }

        if (existingId is null && request.DisplayName is null)
        {
            return SessionProblems.BadRequest("displayName is required.");
        }

        var admit = new AdmitParticipant(role, request.DisplayName ?? string.Empty, SecureIds.NewParticipantId(), existingId);
        var reply = await AskAsync(gateway, sessionId, admit, cancellationToken).ConfigureAwait(false);
        switch (reply)
        {
            case Admitted admitted:
                var (token, expiresAt) = tokens.Issue(sessionId, admitted.ParticipantId, admitted.Role);
                var media = services.GetService<IMediaRoom>();
                var join = media is { IsConfigured: true }
                    ? media.CreateJoin(sessionId, admitted.ParticipantId, admitted.DisplayName, ToMediaRole(admitted.Role), allowScreenShare: request.ScreenShare == true)
                    : null;
                return Results.Ok(new JoinSessionResponse(
                    sessionId,
                    admitted.ParticipantId,
                    ParticipantRoles.ToWire(admitted.Role),
                    admitted.DisplayName,
                    token,
                    expiresAt,
                    WebSocketUrl(http, sessionId),
                    join is null ? null : new LiveKitJoin(join.Url, join.Room, join.Token),
                    admitted.Rejoined));
            case SessionRefused refused:
                return SessionProblems.From(refused);
            case SessionNotFound:
                return SessionProblems.NotFound();
            default:
                return SessionProblems.Unavailable();
        }
    }

    private static async Task<IResult> GetAsync(string sessionId, HttpContext http, SessionGateway gateway, AppTokenService tokens, IServiceProvider services, CancellationToken cancellationToken)
    {
        var auth = Authorize(http, tokens, sessionId);
        if (auth.Error is not null)
        {
            return auth.Error;
        }

        var reply = await AskAsync(gateway, sessionId, new GetSessionView(auth.Token!.ParticipantId), cancellationToken).ConfigureAwait(false);
        switch (reply)
        {
            case SessionView view:
                var s = view.Snapshot;
                var participants = new List<ParticipantView>(s.Participants.Count);
                foreach (var p in s.Participants)
                {
                    participants.Add(ToView(p));
                }

                var chat = new List<ChatMessageView>(s.Chat.Count);
                foreach (var m in s.Chat)
                {
                    chat.Add(new ChatMessageView(m.Seq, m.MessageId, m.ParticipantId, m.DisplayName, RoleName(m.Role), m.Kind == ChatMessageKind.System ? "system" : "user", m.Text, m.SentAt));
                }

                var settings = gateway.Settings;
                var liveVideo = services.GetService<IMediaRoom>() is { IsConfigured: true };
                return Results.Ok(new SessionViewResponse(
                    s.Session.SessionId,
                    s.Session.Title,
                    s.Session.HostParticipantId,
                    s.Session.CreatedAt,
                    view.Seq,
                    ToView(view.Me),
                    participants,
                    chat,
                    s.ViewersChatMuted,
                    s.Recording.State.ToString().ToLowerInvariant(),
                    new SessionSettingsView(TextInput.MaxChatChars, TextInput.MaxDisplayNameChars, settings.ChatBurst, settings.ChatPerSecond, liveVideo)));
            case SessionRefused refused:
                return SessionProblems.From(refused);
            case SessionNotFound:
                return SessionProblems.NotFound();
            default:
                return SessionProblems.Unavailable();
        }
    }

    private static async Task<IResult> PostChatAsync(string sessionId, HttpContext http, SessionGateway gateway, AppTokenService tokens, CancellationToken cancellationToken)
    {
        var auth = Authorize(http, tokens, sessionId);
        if (auth.Error is not null)
        {
            return auth.Error;
        }

        var body = await ReadJsonAsync<PostChatRequest>(http, cancellationToken).ConfigureAwait(false);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var commandId = body.Value?.CommandId ?? http.Request.Headers["Idempotency-Key"].ToString();
        if (string.IsNullOrEmpty(commandId))
        {
            commandId = "http-" + Guid.NewGuid().ToString("N");
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(commandId) > ProtocolLimits.MaxCommandIdBytes)
        {
            return SessionProblems.BadRequest($"commandId must be at most {ProtocolLimits.MaxCommandIdBytes} bytes.");
        }

        var command = new SubmitCommand(auth.Token!.ParticipantId, new PostChat(commandId, body.Value?.Text ?? string.Empty));
        var reply = await AskAsync(gateway, sessionId, command, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            CommandResult { Ack: { } ack } => Results.Json(new PostChatResponse(ack.CommandId, ack.Seq), statusCode: StatusCodes.Status201Created),
            CommandResult { Error: { } error } => SessionProblems.From(error),
            SessionNotFound => SessionProblems.NotFound(),
            _ => SessionProblems.Unavailable(),
        };
    }

    /// <summary>The host ends the session (same as the EndSession socket command): 204, then joins get 410.</summary>
    private static async Task<IResult> EndAsync(string sessionId, HttpContext http, SessionGateway gateway, AppTokenService tokens, CancellationToken cancellationToken)
    {
        var auth = Authorize(http, tokens, sessionId);
        if (auth.Error is not null)
        {
            return auth.Error;
        }

        var command = new SubmitCommand(auth.Token!.ParticipantId, new EndSession("http-end-" + Guid.NewGuid().ToString("N")));
        var reply = await AskAsync(gateway, sessionId, command, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            CommandResult { Ack: not null } => Results.NoContent(),
            CommandResult { Error: { } error } => SessionProblems.From(error),
            SessionNotFound => SessionProblems.NotFound(),
            _ => SessionProblems.Unavailable(),
        };
    }

    internal static (AppToken? Token, IResult? Error) Authorize(HttpContext http, AppTokenService tokens, string sessionId)
    {
        var bearer = BearerToken(http);
        if (bearer is null)
        {
            return (null, SessionProblems.Unauthorized("Send the token from join as 'Authorization: Bearer <token>'."));
        }

        var check = tokens.Validate(bearer);
        return check.Status switch
        {
            TokenStatus.Valid when check.Token!.SessionId == sessionId => (check.Token, null),
            TokenStatus.Valid => (null, SessionProblems.Problem(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "This token belongs to another session.")),
            TokenStatus.Expired => (null, SessionProblems.TokenExpired()),
            _ => (null, SessionProblems.Unauthorized("The token is not valid.")),
        };
    }

    private static async Task<object?> AskAsync(SessionGateway gateway, string sessionId, object message, CancellationToken cancellationToken)
    {
        try
        {
            return await gateway.AskAsync(sessionId, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Timeouts, a restarting session, a full mailbox: the client may retry (commands carry ids).
            return null;
        }
    }

    private static async Task<(T? Value, IResult? Error)> ReadJsonAsync<T>(HttpContext http, CancellationToken cancellationToken)
        where T : class
    {
        if (http.Request.ContentLength is 0 || (http.Request.ContentLength is null && !http.Request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return (null, null);
        }

        if (http.Request.ContentLength > 64 * 1024)
        {
            return (null, SessionProblems.Problem(StatusCodes.Status413PayloadTooLarge, Hosting.HttpProblemCodes.PayloadTooLarge, "The request body is too large."));
        }

        if (!http.Request.HasJsonContentType())
        {
            return (null, SessionProblems.Problem(StatusCodes.Status415UnsupportedMediaType, Hosting.HttpProblemCodes.UnsupportedMediaType, "Send JSON (Content-Type: application/json)."));
        }

        try
        {
            return (await http.Request.ReadFromJsonAsync<T>(cancellationToken).ConfigureAwait(false), null);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return (null, SessionProblems.BadRequest("The body is not valid JSON for this request: " + ex.Message));
        }
    }

    private static string? BearerToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static string ClientAddress(HttpContext http) => (http.Connection.RemoteIpAddress ?? IPAddress.None).ToString();

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    /// <summary>Cluster mode: this node's public URL (join is answered by the owner, so it names the owner).</summary>
    private static string WebSocketUrl(HttpContext http, string sessionId) =>
        http.RequestServices.GetService<Cluster.NodeIdentity>()?.WebSocketUrl(sessionId) ?? $"{(http.Request.IsHttps ? "wss" : "ws")}://{http.Request.Host}/api/sessions/{sessionId}/ws";

    private static ParticipantView ToView(ParticipantInfo p) =>
        new(p.ParticipantId, p.DisplayName, RoleName(p.Role), p.Presence.ToString().ToLowerInvariant());

    private static string RoleName(Role role) => role switch
    {
        Role.Host => "host",
        Role.Collaborator => "collaborator",
        _ => "viewer",
    };

    private static MediaRole ToMediaRole(ParticipantRole role) => role switch
    {
        ParticipantRole.Host => MediaRole.Host,
        ParticipantRole.Collaborator => MediaRole.Collaborator,
        _ => MediaRole.Viewer,
    };
}

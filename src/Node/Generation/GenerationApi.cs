using System.Globalization;
using ActorStudio.Actors.Generation;
using ActorStudio.Actors.Generation.Messages;
using ActorStudio.Actors.Ports;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Node.Images;
using ActorStudio.Node.Sessions;
using ActorStudio.Node.Sessions.Http;
using ActorStudio.Node.Sessions.Security;
using ActorStudio.Node.Storage;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Node.Generation;

/// <summary>
/// The HTTP mirror of generation for tools and scripts (Bearer token), image reads for pages (Bearer or a signed
/// ticket), and uploads of input images. See docs/protocol.md, "Generation over HTTP".
/// </summary>
public static class GenerationApi
{
    public static IEndpointRouteBuilder MapGenerationApi(this IEndpointRouteBuilder endpoints)
    {
        var sessions = endpoints.MapGroup("/api/sessions/{sessionId}");
        sessions.MapPost("/generations", GenerateAsync);
        sessions.MapPost("/generations/{generationId}/variants/{index:int}/retry", RetryAsync);
        sessions.MapGet("/library", LibraryAsync);
        sessions.MapGet("/stream", StreamAsync);
        sessions.MapPost("/image-ticket", Ticket);
        sessions.MapPost("/uploads", UploadAsync);
        var images = endpoints.MapGroup("/api/images/{imageId}");
        images.MapGet("", ImageAsync);
        images.MapPost("/favorite", (string imageId, HttpContext http, SessionGateway gateway, AppTokenService tokens, CancellationToken ct) =>
            FavoriteAsync(imageId, true, http, gateway, tokens, ct));
        images.MapDelete("/favorite", (string imageId, HttpContext http, SessionGateway gateway, AppTokenService tokens, CancellationToken ct) =>
            FavoriteAsync(imageId, false, http, gateway, tokens, ct));
        return endpoints;
    }

    private static async Task<IResult> GenerateAsync(string sessionId, HttpContext http, SessionGateway gateway, AppTokenService tokens, CancellationToken cancellationToken)
    {
        var auth = SessionApi.Authorize(http, tokens, sessionId);
        if (auth.Error is not null)
        {
            return auth.Error;
        }

        GenerateRequest? body;
        try
        {
            body = await http.Request.ReadFromJsonAsync<GenerateRequest>(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return SessionProblems.BadRequest("Send JSON {prompt, size, seed?, sourceImageId?}.");
        }

        if (body is null)
        {
            return SessionProblems.BadRequest("Send JSON {prompt, size, seed?, sourceImageId?}.");
        }

        var commandId = CommandId(http, body.CommandId, out var bad);
        if (bad is not null)
        {
            return bad;
        }

        var participantId = auth.Token!.ParticipantId;
        var command = new Generate(commandId, body.Prompt ?? string.Empty, body.Size ?? AspectRatio.Square.Name, body.Seed, body.SourceImageId);
        var reply = await AskAsync(gateway, sessionId, new SubmitCommand(participantId, command), cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            CommandResult { Ack: { } ack } => Results.Json(
                new GenerateResponse(GenerationIds.ForCommand(sessionId, participantId, commandId), ack.CommandId, ack.Seq),
                statusCode: StatusCodes.Status202Accepted),
            CommandResult { Error: { } error } => SessionProblems.From(error),
            SessionNotFound => SessionProblems.NotFound(),
            _ => SessionProblems.Unavailable(),
        };
    }

    private static async Task<IResult> RetryAsync(string sessionId, string generationId, int index, HttpContext http, SessionGateway gateway, AppTokenService tokens, CancellationToken cancellationToken)
    {
        var auth = SessionApi.Authorize(http, tokens, sessionId);
        if (auth.Error is not null)
        {
            return auth.Error;
        }

        var commandId = CommandId(http, null, out var bad);
        if (bad is not null)
        {
            return bad;
        }

        var reply = await AskAsync(gateway, sessionId, new SubmitCommand(auth.Token!.ParticipantId, new RetryVariant(commandId, generationId, index)), cancellationToken).ConfigureAwait(false);
        return Accepted(reply, StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> LibraryAsync(string sessionId, string? cursor, int? limit, HttpContext http, SessionGateway gateway, AppTokenService tokens, CancellationToken cancellationToken)
    {
        var auth = SessionApi.Authorize(http, tokens, sessionId);
        if (auth.Error is not null)
        {
            return auth.Error;
        }

        int? position = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return SessionProblems.BadRequest("cursor must be the nextCursor of a previous page.");
            }

            position = parsed;
        }

        var reply = await AskAsync(gateway, sessionId, new GetLibrary(auth.Token!.ParticipantId, position, limit), cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            LibraryPage page => Results.Ok(new LibraryResponse(page.Generations, page.NextCursor?.ToString(CultureInfo.InvariantCulture))),
            SessionNotFound => SessionProblems.NotFound(),
            _ => SessionProblems.Unavailable(),
        };
    }

    private static async Task<IResult> StreamAsync(string sessionId, HttpContext http, SessionGateway gateway, AppTokenService tokens, CancellationToken cancellationToken)
    {
        var auth = SessionApi.Authorize(http, tokens, sessionId);
        if (auth.Error is not null)
        {
            return auth.Error;
        }

        var reply = await AskAsync(gateway, sessionId, new GetStream(auth.Token!.ParticipantId), cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            StreamPage page => Results.Ok(new StreamResponse(page.Items)),
            SessionNotFound => SessionProblems.NotFound(),
            _ => SessionProblems.Unavailable(),
        };
    }

    private static IResult Ticket(string sessionId, HttpContext http, AppTokenService tokens, ImageTickets tickets)
    {
        var auth = SessionApi.Authorize(http, tokens, sessionId);
        if (auth.Error is not null)
        {
            return auth.Error;
        }

        var (ticket, expiresAt) = tickets.Issue(sessionId, auth.Token!.ParticipantId);
        return Results.Ok(new ImageTicketResponse(ticket, expiresAt));
    }

    private static async Task<IResult> UploadAsync(
        string sessionId,
        HttpContext http,
        SessionGateway gateway,
        AppTokenService tokens,
        UploadValidator validator,
        IBlobStore blobs,
        Microsoft.Extensions.Options.IOptions<UploadOptions> options,
        CancellationToken cancellationToken)
    {
        var auth = SessionApi.Authorize(http, tokens, sessionId);
        if (auth.Error is not null)
        {
            return auth.Error;
        }

        var max = options.Value.MaxBytes;
        if (http.Request.ContentLength > max)
        {
            return SessionProblems.Problem(StatusCodes.Status413PayloadTooLarge, UploadRejectedException.TooLargeCode, $"Images may be at most {max / (1024 * 1024)} MB.");
        }

        // Read at most max+1 bytes whatever the headers claim: the limit holds for chunked bodies too.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > max)
            {
                return SessionProblems.Problem(StatusCodes.Status413PayloadTooLarge, UploadRejectedException.TooLargeCode, $"Images may be at most {max / (1024 * 1024)} MB.");
            }
        }

        ValidatedUpload upload;
        try
        {
            upload = await validator.ValidateAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        }
        catch (UploadRejectedException ex)
        {
            var status = ex.Code == UploadRejectedException.TooLargeCode ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status415UnsupportedMediaType;
            return SessionProblems.Problem(ex.Code == UploadRejectedException.CorruptCode ? StatusCodes.Status400BadRequest : status, ex.Code, ex.Message);
        }

        var participantId = auth.Token!.ParticipantId;
        var imageId = GenerationIds.NewImageId();
        var key = StorageKeys.Upload(sessionId, participantId, imageId, upload.Extension);
        await blobs.PutAsync(key, upload.Bytes, new BlobMetadata(upload.ContentType, new Dictionary<string, string>
        {
            ["owner"] = participantId,
            ["session"] = sessionId,
            ["kind"] = "upload",
            ["size"] = $"{upload.Width}x{upload.Height}",
        }), cancellationToken).ConfigureAwait(false);

        var reply = await AskAsync(gateway, sessionId, new RecordUpload(participantId, imageId, key, upload.ContentType, upload.Width, upload.Height, upload.Bytes.Length), cancellationToken).ConfigureAwait(false);
        switch (reply)
        {
            case UploadRecorded recorded:
                return Results.Json(new UploadResponse(recorded.ImageId, recorded.Width, recorded.Height, upload.ContentType), statusCode: StatusCodes.Status201Created);
            case SessionRefused refused:
                await blobs.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
                return SessionProblems.From(refused);
            case SessionNotFound:
                await blobs.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
                return SessionProblems.NotFound();
            default:
                // Unknown outcome: the blob stays; if the event was not journaled nothing refers to it (it is private
                // to nobody and never served).
                return SessionProblems.Unavailable();
        }
    }

    private static async Task<IResult> ImageAsync(
        string imageId,
        string? variant,
        string? ticket,
        HttpContext http,
        SessionGateway gateway,
        AppTokenService tokens,
        ImageTickets tickets,
        IBlobStore blobs,
        CancellationToken cancellationToken)
    {
        var thumbnail = variant switch
        {
            null or "" or "original" => false,
            "thumb" or "thumbnail" => true,
            _ => (bool?)null,
        };
        if (thumbnail is null)
        {
            return SessionProblems.BadRequest("variant must be original or thumb.");
        }

        string sessionId, participantId;
        if (ticket is not null)
        {
            if (tickets.Validate(ticket) is not { } named)
            {
                return SessionProblems.Unauthorized("The image ticket is not valid or has expired; get a new one.");
            }

            (sessionId, participantId) = named;
        }
        else
        {
            var bearer = http.Request.Headers.Authorization.ToString();
            var check = tokens.Validate(bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? bearer["Bearer ".Length..].Trim() : null);
            if (check.Status == TokenStatus.Expired)
            {
                return SessionProblems.TokenExpired();
            }

            if (check.Status != TokenStatus.Valid)
            {
                return SessionProblems.Unauthorized("Send 'Authorization: Bearer <token>' or ?ticket= from /image-ticket.");
            }

            (sessionId, participantId) = (check.Token!.SessionId, check.Token.ParticipantId);
        }

        if (!GenerationIds.LooksLikeId(imageId))
        {
            return ImageNotFound();
        }

        var reply = await AskAsync(gateway, sessionId, new GetImageAccess(participantId, imageId, thumbnail.Value), cancellationToken).ConfigureAwait(false);
        if (reply is not ImageAccess access)
        {
            return reply is ImageNotVisible or SessionNotFound ? ImageNotFound() : SessionProblems.Unavailable();
        }

        // Shared or not, the bytes of an image id never change: caches may keep them (privately: access can end).
        http.Response.Headers.CacheControl = "private, max-age=600, immutable";
        var presigned = await blobs.GetPresignedUrlAsync(access.Key, TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
        if (presigned is not null)
        {
            return Results.Redirect(presigned.ToString());
        }

        var blob = await blobs.GetAsync(access.Key, cancellationToken).ConfigureAwait(false);
        return blob is null ? ImageNotFound() : Results.Bytes(blob.Bytes.ToArray(), access.ContentType);
    }

    private static async Task<IResult> FavoriteAsync(string imageId, bool share, HttpContext http, SessionGateway gateway, AppTokenService tokens, CancellationToken cancellationToken)
    {
        var bearer = http.Request.Headers.Authorization.ToString();
        var check = tokens.Validate(bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? bearer["Bearer ".Length..].Trim() : null);
        if (check.Status != TokenStatus.Valid)
        {
            return check.Status == TokenStatus.Expired ? SessionProblems.TokenExpired() : SessionProblems.Unauthorized("Send 'Authorization: Bearer <token>'.");
        }

        var commandId = CommandId(http, null, out var bad);
        if (bad is not null)
        {
            return bad;
        }

        ClientRequest command = share ? new Favorite(commandId, imageId) : new Unfavorite(commandId, imageId);
        var reply = await AskAsync(gateway, check.Token!.SessionId, new SubmitCommand(check.Token.ParticipantId, command), cancellationToken).ConfigureAwait(false);
        return Accepted(reply, StatusCodes.Status200OK);
    }

    private static IResult Accepted(object? reply, int status) => reply switch
    {
        CommandResult { Ack: { } ack } => Results.Json(new CommandAccepted(ack.CommandId, ack.Seq), statusCode: status),
        CommandResult { Error: { } error } => SessionProblems.From(error),
        SessionNotFound => SessionProblems.NotFound(),
        _ => SessionProblems.Unavailable(),
    };

    private static IResult ImageNotFound() => SessionProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No such image.");

    private static string CommandId(HttpContext http, string? fromBody, out IResult? error)
    {
        error = null;
        var commandId = fromBody ?? http.Request.Headers["Idempotency-Key"].ToString();
        if (string.IsNullOrEmpty(commandId))
        {
            return "http-" + Guid.NewGuid().ToString("N");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(commandId) > ProtocolLimits.MaxCommandIdBytes)
        {
            error = SessionProblems.BadRequest($"commandId must be at most {ProtocolLimits.MaxCommandIdBytes} bytes.");
        }

        return commandId;
    }

    private static async Task<object?> AskAsync(SessionGateway gateway, string sessionId, object message, CancellationToken cancellationToken)
    {
        if (!SecureIds.LooksLikeSessionId(sessionId))
        {
            return new SessionNotFound(sessionId);
        }

        try
        {
            return await gateway.AskAsync(sessionId, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}

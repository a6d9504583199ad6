using ActorStudio.Actors.Generation.Events;
using ActorStudio.Actors.Generation.Messages;
using ActorStudio.Actors.Generation.State;
using ActorStudio.Actors.Ports;
using ActorStudio.Actors.Sessions;
using ActorStudio.Actors.Sessions.Features;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Actors.Sessions.State;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace ActorStudio.Actors.Generation;

/// <summary>
/// Generation inside a session (issue 5): Generate and RetryVariant commands, the limits (prompts per minute, images
/// per hour, session images and bytes), one <see cref="GenerationActor"/> child per request, and the journaling of
/// every variant state change its actor reports, published to the owner only. After a restart, variants a crash left
/// unfinished are failed as retryable (and any blob they may have written is deleted) before anything else happens.
/// </summary>
public sealed class GenerationFeature(GenerationServices services) : ISessionFeature
{
    private static readonly string[] StatusNames = ["", "queued", "running", "stored", "failed"];

    public void Register(SessionFeatureRegistry registry)
    {
        registry.Event<GenerationRequested>(ApplyRequested, PublishRequested, new GenerationEventCodecs.Requested());
        registry.Event<VariantStarted>(ApplyStarted, PublishVariant, new GenerationEventCodecs.Started());
        registry.Event<VariantStored>(ApplyStored, PublishVariant, new GenerationEventCodecs.Stored());
        registry.Event<VariantFailed>(ApplyFailed, PublishVariant, new GenerationEventCodecs.Failed());
        registry.Event<VariantRetried>(ApplyRetried, PublishVariant, new GenerationEventCodecs.Retried());
        registry.Event<GenerationCompleted>(static (_, _, _) => { }, PublishCompleted, new GenerationEventCodecs.Completed());
        registry.Event<ImageUploaded>(ApplyUploaded, null, new GenerationEventCodecs.Uploaded());

        registry.Command<Generate>(RoleSet.Creators, Generate);
        registry.Command<RetryVariant>(RoleSet.Creators, Retry);

        registry.Message<VariantRunning>(OnRunning);
        registry.Message<VariantPercent>(OnPercent);
        registry.Message<VariantSucceeded>(OnSucceeded);
        registry.Message<VariantFailure>(OnFailure);
        registry.Message<GenerationActorStopped>(OnActorStopped);
        registry.Message<SessionRecovered>((turn, _, _) => SweepInterrupted(turn));
        registry.Message<GetLibrary>(Library);
        registry.Message<GetImageAccess>(Access);
        registry.Message<RecordUpload>(Upload);
    }

    public static GenerationBook Book(SessionState state) => state.Features.Get<GenerationBook>();

    // ---- appliers (also run on recovery: deterministic, send nothing) ----

    private static void ApplyRequested(SessionState state, GenerationRequested e, long seq)
    {
        var book = Book(state);
        var variants = new VariantRecord[e.ImageIds.Count];
        for (var i = 0; i < variants.Length; i++)
        {
            variants[i] = new VariantRecord(e.ImageIds[i]);
        }

        var record = new GenerationRecord(e.GenerationId, e.ByParticipantId, e.Prompt, e.AspectRatio, e.Width, e.Height, e.Seed, e.SourceImageId, e.ParentGenerationId, e.At, variants);
        book.Generations[e.GenerationId] = record;
        var mine = book.For(e.ByParticipantId);
        mine.Generations.Add(record);
        mine.HourWindow.Enqueue((e.At, variants.Length));
        mine.ImagesInWindow += variants.Length;
        book.RequestedImages += variants.Length;
    }

    private static void ApplyStarted(SessionState state, VariantStarted e, long seq)
    {
        if (Variant(state, e.GenerationId, e.VariantIndex) is { } v)
        {
            v.Status = VariantStatus.Running;
        }
    }

    private static void ApplyStored(SessionState state, VariantStored e, long seq)
    {
        var book = Book(state);
        if (!book.Generations.TryGetValue(e.GenerationId, out var generation) || (uint)e.VariantIndex >= (uint)generation.Variants.Length)
        {
            return;
        }

        var v = generation.Variants[e.VariantIndex];
        v.Status = VariantStatus.Stored;
        v.ImageId = e.ImageId;
        v.Width = e.Width;
        v.Height = e.Height;
        v.Bytes = e.Bytes;
        v.FailureReason = null;
        v.Retryable = false;
        book.Images[e.ImageId] = new ImageRecord(e.ImageId, generation.OwnerId, generation.GenerationId, e.VariantIndex, generation.Prompt, e.Width, e.Height, e.Bytes, e.OriginalKey, e.OriginalContentType, e.ThumbnailKey, e.ThumbnailContentType, e.Model, e.At);
        book.StoredBytes += e.Bytes + e.ThumbnailBytes;
    }

    private static void ApplyFailed(SessionState state, VariantFailed e, long seq)
    {
        if (Variant(state, e.GenerationId, e.VariantIndex) is { } v)
        {
            v.Status = VariantStatus.Failed;
            v.FailureReason = e.Reason;
            v.Retryable = e.Retryable;
            v.RetryAfterMs = e.RetryAfterMs;
        }
    }

    private static void ApplyRetried(SessionState state, VariantRetried e, long seq)
    {
        if (Variant(state, e.GenerationId, e.VariantIndex) is { } v)
        {
            v.Status = VariantStatus.Queued;
            v.ImageId = e.ImageId;
            v.FailureReason = null;
            v.Retryable = false;
            v.RetryAfterMs = null;
        }
    }

    private static void ApplyUploaded(SessionState state, ImageUploaded e, long seq)
    {
        var book = Book(state);
        book.Images[e.ImageId] = new ImageRecord(e.ImageId, e.ByParticipantId, null, -1, string.Empty, e.Width, e.Height, e.Bytes, e.Key, e.ContentType, null, null, "upload", e.At);
        book.StoredBytes += e.Bytes;
    }

    private static VariantRecord? Variant(SessionState state, string generationId, int index) =>
        Book(state).Generations.TryGetValue(generationId, out var g) && (uint)index < (uint)g.Variants.Length ? g.Variants[index] : null;

    // ---- publications: the owner only ----

    private static Publication? PublishRequested(SessionState state, GenerationRequested e, long seq) =>
        new Publication(Audience.Participant(e.ByParticipantId), new GenerationAccepted(
            seq, e.CommandId ?? string.Empty, e.GenerationId, e.Prompt, e.AspectRatio, e.Width, e.Height, e.Seed, e.SourceImageId, e.ImageIds.Count, e.At));

    private static Publication? PublishVariant(SessionState state, VariantStarted e, long seq) => PublishVariant(state, e.GenerationId, e.VariantIndex, seq, VariantStatus.Running);

    private static Publication? PublishVariant(SessionState state, VariantStored e, long seq) => PublishVariant(state, e.GenerationId, e.VariantIndex, seq, VariantStatus.Stored);

    private static Publication? PublishVariant(SessionState state, VariantFailed e, long seq) => PublishVariant(state, e.GenerationId, e.VariantIndex, seq, VariantStatus.Failed);

    private static Publication? PublishVariant(SessionState state, VariantRetried e, long seq) => PublishVariant(state, e.GenerationId, e.VariantIndex, seq, VariantStatus.Queued);

    private static Publication? PublishVariant(SessionState state, string generationId, int index, long seq, VariantStatus status)
    {
        if (!Book(state).Generations.TryGetValue(generationId, out var g) || (uint)index >= (uint)g.Variants.Length)
        {
            return null;
        }

        // Built from the event's own status, not the variant's latest (a later event in the same turn may have moved it).
        var v = g.Variants[index];
        var message = status switch
        {
            VariantStatus.Stored => new VariantProgress(seq, generationId, index, status, 100, v.ImageId, v.Width, v.Height, v.Bytes, null, false),
            VariantStatus.Failed => new VariantProgress(seq, generationId, index, status, 0, null, 0, 0, 0, v.FailureReason ?? VariantFailureReasons.ProviderError, v.Retryable),
            _ => new VariantProgress(seq, generationId, index, status, 0, null, 0, 0, 0, null, false),
        };
        return new Publication(Audience.Participant(g.OwnerId), message);
    }

    private static Publication? PublishCompleted(SessionState state, GenerationCompleted e, long seq) =>
        Book(state).Generations.TryGetValue(e.GenerationId, out var g)
            ? new Publication(Audience.Participant(g.OwnerId), new GenerationDone(seq, e.GenerationId, e.StoredCount, e.FailedCount))
            : null;

    // ---- commands ----

    private void Generate(SessionTurn turn, CommandContext<Generate> command)
    {
        var book = Book(turn.State);
        SweepInterrupted(turn);
        var settings = services.Settings;
        var request = command.Command;
        var participant = command.Participant;

        var prompt = TextInput.Clean(request.Prompt, settings.MaxPromptChars, allowNewlines: true, out var problem);
        if (prompt is null)
        {
            turn.Reject(ErrorCodes.InvalidInput, "The prompt " + problem + ".");
            return;
        }

        if (!AspectRatio.TryParse(request.AspectRatio, out var aspect))
        {
            turn.Reject(ErrorCodes.InvalidInput, "The size must be one of the model's aspect ratios (1:1, 16:9, ...).");
            return;
        }

        var generationId = GenerationIds.ForCommand(turn.State.SessionId, participant.ParticipantId, request.CommandId);
        if (book.Generations.ContainsKey(generationId))
        {
            // The same command again (a resend after its id left the replay window): the generation exists already.
            return;
        }

        ImageRecord? source = null;
        if (request.SourceImageId is not null
            && (!book.Images.TryGetValue(request.SourceImageId, out source) || !source.IsVisibleTo(participant.ParticipantId)))
        {
            turn.Reject(ErrorCodes.NotFound, "There is no such image to iterate from.");
            return;
        }

        const int Variants = ProtocolLimits.VariantsPerGeneration;
        var mine = book.For(participant.ParticipantId);
        mine.TrimWindow(turn.Now);
        if (mine.ImagesInWindow + Variants > settings.ImagesPerHour)
        {
            var oldest = mine.HourWindow.Count > 0 ? mine.HourWindow.Peek().At : turn.Now;
            turn.Reject(ErrorCodes.RateLimited, $"You can make {settings.ImagesPerHour} images per hour.", oldest.AddHours(1) - turn.Now);
            return;
        }

        if (book.RequestedImages + Variants > settings.MaxImagesPerSession)
        {
            turn.Reject(ErrorCodes.QuotaExceeded, $"This session has reached its limit of {settings.MaxImagesPerSession} images.");
            return;
        }

        if (book.StoredBytes >= settings.MaxStoredBytesPerSession)
        {
            turn.Reject(ErrorCodes.QuotaExceeded, "This session has used all of its image storage.");
            return;
        }

        // Last, so a prompt refused for another reason does not cost a token.
        var bucket = mine.BucketStarted ? mine.PromptBucket : new TokenBucket(settings.PromptsPerMinute, turn.Now);
        var allowed = bucket.TryTake(settings.PromptsPerMinute, settings.PromptsPerMinute / 60.0, turn.Now, out var wait);
        mine.PromptBucket = bucket;
        mine.BucketStarted = true;
        if (!allowed)
        {
            turn.Reject(ErrorCodes.RateLimited, $"You can send {settings.PromptsPerMinute} prompts per minute.", wait);
            return;
        }

        var seed = request.Seed ?? Random.Shared.NextInt64(0, 1L << 53);
        var imageIds = new string[Variants];
        var attempts = new VariantAttempt[Variants];
        for (var i = 0; i < Variants; i++)
        {
            imageIds[i] = GenerationIds.NewImageId();
            attempts[i] = new VariantAttempt(i, imageIds[i]);
        }

        turn.Emit(new GenerationRequested(generationId, participant.ParticipantId, prompt, aspect.Name, aspect.Width, aspect.Height, seed, source?.ImageId, source?.GenerationId, imageIds, request.CommandId, turn.Now));
        turn.Logger.LogInformation(
            "Generation {GenerationId} requested in session {SessionId} by {ParticipantId} ({Aspect}, seed {Seed})",
            generationId, turn.State.SessionId, participant.ParticipantId, aspect.Name, seed);
        Run(turn, book, book.Generations[generationId], attempts);
    }

    private void Retry(SessionTurn turn, CommandContext<RetryVariant> command)
    {
        var book = Book(turn.State);
        SweepInterrupted(turn);
        var request = command.Command;
        if (!book.Generations.TryGetValue(request.GenerationId, out var generation) || generation.OwnerId != command.Participant.ParticipantId)
        {
            turn.Reject(ErrorCodes.NotFound, "There is no such generation.");
            return;
        }

        if ((uint)request.VariantIndex >= (uint)generation.Variants.Length)
        {
            turn.Reject(ErrorCodes.InvalidInput, $"The variant index must be 0 to {generation.Variants.Length - 1}.");
            return;
        }

        var variant = generation.Variants[request.VariantIndex];
        if (variant.Status != VariantStatus.Failed || !variant.Retryable)
        {
            turn.Reject(ErrorCodes.Conflict, variant.Status == VariantStatus.Failed ? "This variant cannot be retried." : "Only a failed variant can be retried.");
            return;
        }

        var imageId = GenerationIds.NewImageId();
        turn.Emit(new VariantRetried(generation.GenerationId, request.VariantIndex, imageId, command.Participant.ParticipantId, request.CommandId, turn.Now));
        Run(turn, book, generation, [new VariantAttempt(request.VariantIndex, imageId)]);
    }

    /// <summary>Hands variants to the generation's actor (a new one unless one is still running) once the turn is journaled.</summary>
    private void Run(SessionTurn turn, GenerationBook book, GenerationRecord generation, VariantAttempt[] attempts)
    {
        if (!book.Running.TryGetValue(generation.GenerationId, out var actor))
        {
            book.SessionSlots ??= new SemaphoreSlim(Math.Max(1, services.Settings.MaxConcurrentPerSession));
            string? sourceKey = null, sourceType = null;
            if (generation.SourceImageId is not null && book.Images.TryGetValue(generation.SourceImageId, out var source))
            {
                sourceKey = source.OriginalKey;
                sourceType = source.OriginalContentType;
            }

            AspectRatio.TryParse(generation.AspectRatio, out var aspect);
            var job = new GenerationJob(turn.State.SessionId, generation.GenerationId, generation.OwnerId, generation.Prompt, aspect, generation.Seed, sourceKey, sourceType);
            actor = turn.Host.Context.ActorOf(GenerationActor.PropsFor(job, services, book.SessionSlots));
            book.Running[generation.GenerationId] = actor;
        }

        turn.ReplyAfterCommit(actor, new RunVariants(attempts));
    }

    // ---- reports from GenerationActors ----

    private static void OnRunning(SessionTurn turn, VariantRunning report, Runtime.IActorRef? sender)
    {
        if (Current(turn, report.GenerationId, report.Index, report.ImageId) is { Status: VariantStatus.Queued })
        {
            turn.Emit(new VariantStarted(report.GenerationId, report.Index, report.ImageId, turn.Now));
        }
    }

    private static void OnPercent(SessionTurn turn, VariantPercent report, Runtime.IActorRef? sender)
    {
        // 0 % says nothing the journaled "running" did not (it would look like that event sent twice).
        if (report.Percent > 0
            && Current(turn, report.GenerationId, report.Index, report.ImageId) is { Status: VariantStatus.Running }
            && Book(turn.State).Generations.TryGetValue(report.GenerationId, out var g))
        {
            // Ephemeral: carries the latest journaled seq and is not replayed on resume.
            turn.Send(Audience.Participant(g.OwnerId), new VariantProgress(turn.State.LastSeq, report.GenerationId, report.Index, VariantStatus.Running, Math.Clamp(report.Percent, 0, 99), null, 0, 0, 0, null, false));
        }
    }

    private void OnSucceeded(SessionTurn turn, VariantSucceeded report, Runtime.IActorRef? sender)
    {
        if (Current(turn, report.GenerationId, report.Index, report.ImageId) is not { IsTerminal: false })
        {
            return;
        }

        turn.Emit(new VariantStored(report.GenerationId, report.Index, report.ImageId, report.Width, report.Height, report.Bytes, report.OriginalKey, report.OriginalContentType, report.ThumbnailKey, report.ThumbnailContentType, report.ThumbnailBytes, report.Model, turn.Now));
        CompleteIfDone(turn, report.GenerationId);
    }

    private void OnFailure(SessionTurn turn, VariantFailure report, Runtime.IActorRef? sender)
    {
        if (Current(turn, report.GenerationId, report.Index, report.ImageId) is not { IsTerminal: false })
        {
            return;
        }

        turn.Emit(new VariantFailed(report.GenerationId, report.Index, report.ImageId, report.Reason, report.Retryable, report.RetryAfter is { } wait ? (long)Math.Ceiling(wait.TotalMilliseconds) : null, report.Message, turn.Now));
        CompleteIfDone(turn, report.GenerationId);
    }

    private void OnActorStopped(SessionTurn turn, GenerationActorStopped stopped, Runtime.IActorRef? sender)
    {
        var book = Book(turn.State);
        if (book.Running.TryGetValue(stopped.GenerationId, out var actor) && ReferenceEquals(actor, stopped.Actor))
        {
            book.Running.Remove(stopped.GenerationId);
            FailUnfinished(turn, book, stopped.GenerationId, "The generation was interrupted; retry it.");
        }
    }

    private static VariantRecord? Current(SessionTurn turn, string generationId, int index, string imageId) =>
        Variant(turn.State, generationId, index) is { } v && v.ImageId == imageId ? v : null;

    private static void CompleteIfDone(SessionTurn turn, string generationId)
    {
        if (!Book(turn.State).Generations.TryGetValue(generationId, out var g) || !g.IsComplete)
        {
            return;
        }

        int stored = 0, failed = 0;
        foreach (var v in g.Variants)
        {
            if (v.Status == VariantStatus.Stored)
            {
                stored++;
            }
            else
            {
                failed++;
            }
        }

        turn.Emit(new GenerationCompleted(generationId, stored, failed, turn.Now));
    }

    /// <summary>
    /// Once per incarnation, before anything else: every unfinished variant whose actor is not running in this
    /// incarnation was interrupted (crash, kill -9, node stop). It is failed as retryable, and the blobs its attempt
    /// may have written before the crash are deleted, so no stored image exists without its "stored" event.
    /// </summary>
    private void SweepInterrupted(SessionTurn turn)
    {
        var book = Book(turn.State);
        if (book.RecoverySwept)
        {
            return;
        }

        book.RecoverySwept = true;
        List<string>? interrupted = null;
        foreach (var g in book.Generations.Values)
        {
            if (!g.IsComplete && !book.Running.ContainsKey(g.GenerationId))
            {
                (interrupted ??= []).Add(g.GenerationId);
            }
        }

        if (interrupted is null)
        {
            return;
        }

        foreach (var generationId in interrupted)
        {
            FailUnfinished(turn, book, generationId, "The generation was interrupted by a server restart; retry it.");
        }

        turn.Logger.LogWarning("Session {SessionId}: {Count} generations were interrupted by a restart and marked failed (retryable)", turn.State.SessionId, interrupted.Count);
    }

    private void FailUnfinished(SessionTurn turn, GenerationBook book, string generationId, string message)
    {
        if (!book.Generations.TryGetValue(generationId, out var g) || g.IsComplete)
        {
            return;
        }

        for (var i = 0; i < g.Variants.Length; i++)
        {
            var v = g.Variants[i];
            if (!v.IsTerminal)
            {
                turn.Emit(new VariantFailed(generationId, i, v.ImageId, VariantFailureReasons.ProviderError, true, null, message, turn.Now));
                _ = DeleteOrphanAsync(turn.State.SessionId, g.OwnerId, v.ImageId, turn.Logger);
            }
        }

        CompleteIfDone(turn, generationId);
    }

    private async Task DeleteOrphanAsync(string sessionId, string ownerId, string imageId, ILogger logger)
    {
        try
        {
            foreach (var type in ImageKeyLayout.StoredContentTypes)
            {
                await services.Blobs.DeleteAsync(services.Keys.Original(sessionId, ownerId, imageId, type), CancellationToken.None).ConfigureAwait(false);
                await services.Blobs.DeleteAsync(services.Keys.Thumbnail(sessionId, ownerId, imageId, type), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Session {SessionId}: could not delete the blobs of interrupted image {ImageId}", sessionId, imageId);
        }
    }

    // ---- queries and uploads ----

    private void Library(SessionTurn turn, GetLibrary query, Runtime.IActorRef? sender)
    {
        SweepInterrupted(turn);
        var book = Book(turn.State);
        var limit = Math.Clamp(query.Limit ?? services.Settings.LibraryPageSize, 1, 100);
        var list = book.ByParticipant.TryGetValue(query.ParticipantId, out var mine) ? mine.Generations : [];
        var end = Math.Clamp(query.Cursor ?? list.Count, 0, list.Count);
        var start = Math.Max(0, end - limit);
        var page = new List<LibraryGeneration>(end - start);
        for (var i = end - 1; i >= start; i--)
        {
            page.Add(ToLibrary(book, list[i]));
        }

        turn.ReplyAfterCommit(sender, new LibraryPage(page, start > 0 ? start : null));
    }

    private static LibraryGeneration ToLibrary(GenerationBook book, GenerationRecord g)
    {
        var variants = new LibraryVariant[g.Variants.Length];
        for (var i = 0; i < variants.Length; i++)
        {
            var v = g.Variants[i];
            var stored = v.Status == VariantStatus.Stored;
            variants[i] = new LibraryVariant(
                i,
                StatusNames[(int)v.Status],
                stored ? v.ImageId : null,
                v.Width,
                v.Height,
                v.Bytes,
                v.FailureReason,
                v.Retryable,
                stored && book.Images.TryGetValue(v.ImageId, out var image) && image.SharedItemId is not null);
        }

        return new LibraryGeneration(g.GenerationId, g.Prompt, g.AspectRatio, g.Width, g.Height, g.Seed, g.SourceImageId, g.ParentGenerationId, g.CreatedAt, variants);
    }

    private static void Access(SessionTurn turn, GetImageAccess query, Runtime.IActorRef? sender)
    {
        var book = Book(turn.State);
        var participant = turn.State.Find(query.ParticipantId);
        object reply = participant is { Removed: false } && book.Images.TryGetValue(query.ImageId, out var image) && image.IsVisibleTo(query.ParticipantId)
            ? query.Thumbnail && image.ThumbnailKey is not null
                ? new ImageAccess(image.ThumbnailKey, image.ThumbnailContentType!, image.OwnerId)
                : new ImageAccess(image.OriginalKey, image.OriginalContentType, image.OwnerId)
            : new ImageNotVisible(query.ImageId);
        turn.Reply(sender, reply);
    }

    private void Upload(SessionTurn turn, RecordUpload upload, Runtime.IActorRef? sender)
    {
        var book = Book(turn.State);
        var participant = turn.State.Find(upload.ParticipantId);
        if (participant is null || participant.Removed || !RoleSet.Creators.Allows(participant.Role))
        {
            turn.Reply(sender, new SessionRefused(ErrorCodes.Forbidden, "Only the host and collaborators can upload images."));
            return;
        }

        if (book.StoredBytes + upload.Bytes > services.Settings.MaxStoredBytesPerSession)
        {
            turn.Reply(sender, new SessionRefused(ErrorCodes.QuotaExceeded, "This session has used all of its image storage."));
            return;
        }

        turn.Emit(new ImageUploaded(upload.ImageId, upload.ParticipantId, upload.Key, upload.ContentType, upload.Width, upload.Height, upload.Bytes, turn.Now));
        turn.ReplyAfterCommit(sender, new UploadRecorded(upload.ImageId, upload.Width, upload.Height));
    }
}

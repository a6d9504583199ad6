using ActorStudio.Actors.Generation.Events;
using ActorStudio.Actors.Generation.Messages;
using ActorStudio.Actors.Generation.State;
using ActorStudio.Actors.Sessions.Features;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Actors.Sessions.State;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Actors.Generation;

/// <summary>
/// The session's shared stream: a star shares one's own stored image once (a second star is a no-op), the owner can
/// unshare it, the host can remove any item (the removal names the host, so the owner's page tells them).
/// Shared images become readable by everyone in the session; unshared ones are private again.
/// </summary>
public sealed class StreamFeature : ISessionFeature
{
    /// <summary>Stream items a snapshot carries (the newest ones).</summary>
    public const int SnapshotItems = 200;

    public void Register(SessionFeatureRegistry registry)
    {
        registry.Event<ImageShared>(ApplyShared, PublishShared, new GenerationEventCodecs.Shared());
        registry.Event<ImageUnshared>(ApplyUnshared, PublishUnshared, new GenerationEventCodecs.Unshared());
        registry.Command<Favorite>(RoleSet.Creators, Favorite);
        registry.Command<Unfavorite>(RoleSet.Creators, Unfavorite);
        registry.Message<RemoveStreamItemRequested>(RemoveByHost);
        registry.Message<GetStream>(Stream);
        registry.Snapshot(Contribute);
    }

    private static void ApplyShared(SessionState state, ImageShared e, long seq)
    {
        var book = GenerationFeature.Book(state);
        if (!book.Images.TryGetValue(e.ImageId, out var image))
        {
            return;
        }

        var entry = new StreamEntry(e.ItemId, e.ImageId, image.OwnerId, e.At);
        book.Stream.Add(entry);
        book.StreamById[e.ItemId] = entry;
        image.SharedItemId = e.ItemId;
    }

    private static void ApplyUnshared(SessionState state, ImageUnshared e, long seq)
    {
        var book = GenerationFeature.Book(state);
        if (book.StreamById.TryGetValue(e.ItemId, out var entry))
        {
            entry.Removed = true;
            if (book.Images.TryGetValue(entry.ImageId, out var image) && image.SharedItemId == e.ItemId)
            {
                image.SharedItemId = null;
            }
        }
    }

    private static Publication? PublishShared(SessionState state, ImageShared e, long seq) =>
        GenerationFeature.Book(state).StreamById.TryGetValue(e.ItemId, out var entry) && ToWire(state, entry) is { } item
            ? new Publication(Audience.Everyone, new StreamItemAdded(seq, item))
            : null;

    private static Publication? PublishUnshared(SessionState state, ImageUnshared e, long seq) =>
        new Publication(Audience.Everyone, new StreamItemRemoved(seq, e.ItemId, e.ByParticipantId, e.ByHost ? StreamRemovalReason.RemovedByHost : StreamRemovalReason.UnsharedByOwner));

    public static StreamItem? ToWire(SessionState state, StreamEntry entry)
    {
        if (!GenerationFeature.Book(state).Images.TryGetValue(entry.ImageId, out var image))
        {
            return null;
        }

        var owner = state.Find(entry.OwnerId);
        return new StreamItem(entry.ItemId, entry.ImageId, entry.OwnerId, owner?.DisplayName ?? "Someone", image.Prompt, image.Width, image.Height, entry.SharedAt);
    }

    private static void Favorite(SessionTurn turn, CommandContext<Favorite> command)
    {
        var book = GenerationFeature.Book(turn.State);
        if (!book.Images.TryGetValue(command.Command.ImageId, out var image) || image.OwnerId != command.Participant.ParticipantId)
        {
            turn.Reject(ErrorCodes.NotFound, "There is no such image of yours.");
            return;
        }

        if (image.GenerationId is null)
        {
            turn.Reject(ErrorCodes.InvalidInput, "Uploaded input images cannot be shared; share a generated one.");
            return;
        }

        if (image.SharedItemId is not null)
        {
            // Duplicate guard: a second star (double click, two tabs, a resend) adds nothing.
            return;
        }

        turn.Emit(new ImageShared(GenerationIds.NewStreamItemId(), image.ImageId, command.Participant.ParticipantId, command.CommandId, turn.Now));
    }

    private static void Unfavorite(SessionTurn turn, CommandContext<Unfavorite> command)
    {
        var book = GenerationFeature.Book(turn.State);
        if (!book.Images.TryGetValue(command.Command.ImageId, out var image) || image.OwnerId != command.Participant.ParticipantId)
        {
            turn.Reject(ErrorCodes.NotFound, "There is no such image of yours.");
            return;
        }

        if (image.SharedItemId is { } itemId)
        {
            turn.Emit(new ImageUnshared(itemId, command.Participant.ParticipantId, false, command.CommandId, turn.Now));
        }
    }

    private static void RemoveByHost(SessionTurn turn, RemoveStreamItemRequested request, Runtime.IActorRef? sender)
    {
        var book = GenerationFeature.Book(turn.State);
        if (!book.StreamById.TryGetValue(request.ItemId, out var entry) || entry.Removed)
        {
            turn.Reject(ErrorCodes.NotFound, "There is no such stream item (or it was removed already).");
            return;
        }

        turn.Emit(new ImageUnshared(entry.ItemId, request.Host.ParticipantId, entry.OwnerId != request.Host.ParticipantId, request.CommandId, turn.Now));
    }

    private static void Stream(SessionTurn turn, GetStream query, Runtime.IActorRef? sender)
    {
        var book = GenerationFeature.Book(turn.State);
        var items = new List<StreamItem>();
        foreach (var entry in book.Stream)
        {
            if (!entry.Removed && ToWire(turn.State, entry) is { } item)
            {
                items.Add(item);
            }
        }

        turn.Reply(sender, new StreamPage(items));
    }

    private static SessionSnapshot Contribute(SessionState state, ParticipantState viewer, SessionSnapshot snapshot)
    {
        var book = GenerationFeature.Book(state);
        var items = new List<StreamItem>(Math.Min(SnapshotItems, book.Stream.Count));
        for (var i = book.Stream.Count - 1; i >= 0 && items.Count < SnapshotItems; i--)
        {
            if (!book.Stream[i].Removed && ToWire(state, book.Stream[i]) is { } item)
            {
                items.Add(item);
            }
        }

        items.Reverse();
        return snapshot with { Stream = items };
    }
}

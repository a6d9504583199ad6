using ActorStudio.Actors.Generation.Messages;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Node.Generation;

public sealed record GenerateRequest(string? Prompt, string? Size, long? Seed, string? SourceImageId, string? CommandId);

public sealed record GenerateResponse(string GenerationId, string CommandId, long Seq);

public sealed record CommandAccepted(string CommandId, long Seq);

public sealed record LibraryResponse(IReadOnlyList<LibraryGeneration> Generations, string? NextCursor);

public sealed record StreamResponse(IReadOnlyList<StreamItem> Items);

public sealed record ImageTicketResponse(string Ticket, DateTimeOffset ExpiresAt);

public sealed record UploadResponse(string ImageId, int Width, int Height, string ContentType);

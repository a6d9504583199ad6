namespace ActorStudio.LoadTester.Targets.ActorStudio;

// The HTTP shapes of the session API (issue 4) the load tester reads and writes; camelCase JSON.
internal sealed record CreateSessionBody(string Title);

internal sealed record SessionCodes(string Host, string Collaborator, string Viewer);

internal sealed record CreatedSession(string SessionId, string? InviteUrl, SessionCodes Codes);

internal sealed record JoinBody(string Code, string DisplayName);

internal sealed record JoinedSession(string ParticipantId, string Role, string Token, DateTimeOffset ExpiresAt, string WsUrl);

internal sealed record ProblemBody(string? Code, string? Title, string? Detail);

internal sealed record LibraryVariant(int Index, string Status, string? ImageId, bool Retryable);

internal sealed record LibraryGeneration(string GenerationId, IReadOnlyList<LibraryVariant> Variants);

internal sealed record LibraryPage(IReadOnlyList<LibraryGeneration> Generations, string? NextCursor);

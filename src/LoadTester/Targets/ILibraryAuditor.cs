namespace ActorStudio.LoadTester.Targets;

/// <summary>
/// A target that can say, from its own records over HTTP, where every generation of the run ended up: the check
/// that no generation stays queued or running (after a node failure, say), which the socket alone cannot prove.
/// </summary>
public interface ILibraryAuditor
{
    /// <summary>
    /// Reads the library of each connection's participant; polls until no variant is queued or running or
    /// <paramref name="settle"/> has passed, and counts the variants by state.
    /// </summary>
    Task<LibraryAudit> AuditLibraryAsync(IReadOnlyList<TargetConnection> requesters, TimeSpan settle, CancellationToken cancellationToken);
}

/// <summary>Variants of the run's generations by final state, as the server's libraries tell it.</summary>
/// <param name="Unfinished">Variants still queued or running when the audit gave up waiting (must be 0).</param>
/// <param name="Unreadable">Libraries no node answered for.</param>
public sealed record LibraryAudit(int Requesters, long Generations, long Stored, long Failed, long FailedRetryable, long Unfinished, int Unreadable, double WaitedS);

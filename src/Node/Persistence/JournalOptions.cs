namespace ActorStudio.Node.Persistence;

/// <summary>Limits shared by the SQL journals.</summary>
public sealed record JournalOptions
{
    /// <summary>Largest event payload accepted (bytes). Larger appends are refused whole.</summary>
    public int MaxPayloadBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most events carried by one group-commit transaction.</summary>
    public int MaxBatchEvents { get; init; } = 4_000;

    /// <summary>PostgreSQL only: parallel group-commit writers (a persistence id always maps to the same one).</summary>
    public int PostgresWriters { get; init; } = 4;
}

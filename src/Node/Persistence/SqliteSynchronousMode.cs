namespace ActorStudio.Node.Persistence;

/// <summary>
/// SQLite's <c>PRAGMA synchronous</c> in WAL mode. Normal: a committed transaction survives a PROCESS crash
/// (it is in the WAL file, the OS has it) but the last commits may be lost on POWER loss (no fsync per commit).
/// Full: fsync on every commit, survives power loss, slower.
/// </summary>
public enum SqliteSynchronousMode
{
    Normal,
    Full,
}

namespace ActorStudio.TestSupport;

/// <summary>How to run a <see cref="StudioProcess"/>; unset port and data directory are chosen fresh.</summary>
public sealed record StudioProcessOptions
{
    public int? Port { get; init; }

    /// <summary>A directory to use (kept on dispose); null for a fresh temp one (deleted on dispose).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>False to leave <c>--data-dir</c> out (to test <c>STUDIO_DATA_DIR</c> or the default).</summary>
    public bool PassDataDirectoryAsArgument { get; init; } = true;

    public string? WorkingDirectory { get; init; }

    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>Environment additions; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
}

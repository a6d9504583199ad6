namespace ActorStudio.Node.Hosting;

/// <summary>The directories this node uses, resolved to absolute paths once at start.</summary>
/// <param name="DataDirectory">Created at start; journals and local blobs live under it.</param>
/// <param name="WebRoot">The pages; null when no <c>wwwroot</c> was found (the node still serves its API).</param>
/// <param name="NodeModules">Source of <c>/vendor/</c>; null when npm packages are not installed.</param>
public sealed record StudioPaths(string DataDirectory, string? WebRoot, string? NodeModules)
{
    /// <summary>Resolves every path in <paramref name="options"/>; relative paths are taken from <paramref name="workingDirectory"/>.</summary>
    public static StudioPaths Resolve(StudioOptions options, string workingDirectory, string binariesDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            throw new InvalidOperationException("Studio:DataDir (--data-dir, STUDIO_DATA_DIR) must not be empty.");
        }

        var dataDirectory = Path.GetFullPath(options.DataDir, workingDirectory);

        string? webRoot = options.WebRoot is { Length: > 0 } configuredRoot
            ? Path.GetFullPath(configuredRoot, workingDirectory)
            : FindAbove(workingDirectory, "wwwroot") ?? FindAbove(binariesDirectory, "wwwroot");

        string? nodeModules = options.NodeModules is { Length: > 0 } configuredModules
            ? Path.GetFullPath(configuredModules, workingDirectory)
            : FindNodeModules(webRoot, workingDirectory, binariesDirectory);

        return new StudioPaths(dataDirectory, webRoot is not null && Directory.Exists(webRoot) ? webRoot : null,
            nodeModules is not null && Directory.Exists(nodeModules) ? nodeModules : null);
    }

    private static string? FindNodeModules(string? webRoot, string workingDirectory, string binariesDirectory)
    {
        // The page modules belong with the pages: prefer the node_modules beside the web root's parent (repo root).
        var besideWebRoot = webRoot is null ? null : Path.Combine(Path.GetDirectoryName(webRoot) ?? webRoot, "node_modules");
        if (besideWebRoot is not null && Directory.Exists(besideWebRoot))
        {
            return besideWebRoot;
        }

        return FindAbove(workingDirectory, "node_modules") ?? FindAbove(binariesDirectory, "node_modules");
    }

    private static string? FindAbove(string start, string name)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

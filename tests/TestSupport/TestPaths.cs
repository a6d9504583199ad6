namespace ActorStudio.TestSupport;

/// <summary>Finds the repository root so tests can reach wwwroot, tests/js and node_modules.</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ActorStudio.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ActorStudio.sln not found above " + AppContext.BaseDirectory);
    }
}

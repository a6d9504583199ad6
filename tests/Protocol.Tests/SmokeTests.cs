namespace ActorStudio.Protocol.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void RepositoryRootIsFound() =>
        Assert.True(File.Exists(Path.Combine(ActorStudio.TestSupport.TestPaths.RepositoryRoot, "ActorStudio.sln")));
}

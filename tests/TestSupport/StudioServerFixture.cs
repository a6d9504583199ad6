using Xunit;

namespace ActorStudio.TestSupport;

/// <summary>
/// One in-process node shared by the tests of a class (<c>IClassFixture&lt;StudioServerFixture&gt;</c>).
/// For per-test settings or hooks, call <see cref="StudioServer.StartAsync"/> directly instead.
/// </summary>
public sealed class StudioServerFixture : IAsyncLifetime
{
    private StudioServer? _server;

    public StudioServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _server = await StudioServer.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}

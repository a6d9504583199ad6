namespace ActorStudio.SignalRBaseline;

/// <summary>
/// Builds the baseline server: one hub, groups for sessions, JSON hub protocol. Deliberately stock
/// (no custom batching or buffers) so the benchmark compares ActorStudio against plain SignalR.
/// Used by Program and, in-process, by the load tester's tests.
/// </summary>
public static class BaselineApp
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR(options =>
        {
            options.EnableDetailedErrors = false;
            options.MaximumReceiveMessageSize = 64 * 1024;
        });
        builder.Services.AddSingleton<ClassroomRoster>();

        var app = builder.Build();
        app.UseWebSockets();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapHub<ClassroomHub>("/hub");
        return app;
    }
}

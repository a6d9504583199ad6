using ActorStudio.SignalRBaseline;

// The baseline a C# team would otherwise write: one hub, groups for sessions, JSON hub protocol.
// Deliberately plain (no custom batching) so the benchmark compares against stock SignalR.
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
app.Run();

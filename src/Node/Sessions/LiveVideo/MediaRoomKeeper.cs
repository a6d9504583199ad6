using ActorStudio.Actors.Ports;

namespace ActorStudio.Node.Sessions.LiveVideo;

/// <summary>
/// Creates the session's media room when the session starts and deletes it when it ends, in the background and
/// best effort: a LiveKit outage is logged and never breaks the session (LiveKit also creates a room on first join).
/// </summary>
public sealed class MediaRoomKeeper(IMediaRoom media, SessionGateway gateway, ILogger<MediaRoomKeeper> logger, IHostApplicationLifetime lifetime)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Starts creating the room; returns the task (tests await it, callers need not).</summary>
    public Task SessionStarted(string sessionId) =>
        media.IsConfigured ? RunAsync("create", sessionId, ct => media.EnsureRoomAsync(sessionId, gateway.Settings.MaxParticipants, ct)) : Task.CompletedTask;

    public Task SessionEnded(string sessionId) =>
        media.IsConfigured ? RunAsync("delete", sessionId, ct => media.DeleteRoomAsync(sessionId, ct)) : Task.CompletedTask;

    private async Task RunAsync(string action, string sessionId, Func<CancellationToken, Task> call)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        timeout.CancelAfter(CallTimeout);
        try
        {
            await call(timeout.Token).ConfigureAwait(false);
            logger.LogInformation("Media room for session {SessionId}: {Action} done", sessionId, action);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Media room for session {SessionId}: {Action} failed; live video may be unavailable until LiveKit recovers", sessionId, action);
        }
    }
}

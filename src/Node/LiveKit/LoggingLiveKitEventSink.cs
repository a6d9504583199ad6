using Microsoft.Extensions.Logging;

namespace ActorStudio.Node.LiveKit;

/// <summary>
/// The sink used until the session integration registers its own: it records each event in the log so deliveries
/// are visible, and nothing else.
/// </summary>
public sealed class LoggingLiveKitEventSink : ILiveKitEventSink
{
    private readonly ILogger<LoggingLiveKitEventSink> logger;

    public LoggingLiveKitEventSink(ILogger<LoggingLiveKitEventSink> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        this.logger = logger;
    }

    public ValueTask HandleAsync(LiveKitWebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        webhookEvent.TryGetSessionId(out var sessionId);
        logger.LogInformation(
            "LiveKit webhook {WebhookEvent} {WebhookId} for session {SessionId} (participant {ParticipantId}, egress {EgressId})",
            webhookEvent.Event,
            webhookEvent.Id,
            sessionId,
            webhookEvent.Participant?.Identity,
            webhookEvent.EgressInfo?.EgressId);
        return ValueTask.CompletedTask;
    }
}

using ActorStudio.Node.LiveKit;

namespace ActorStudio.Node.Tests.LiveKit;

/// <summary>The sink the endpoint tests observe: keeps each event, and can be told to fail the next delivery.</summary>
internal sealed class RecordingEventSink : ILiveKitEventSink
{
    private readonly object gate = new();
    private readonly List<LiveKitWebhookEvent> events = [];

    public int FailuresToInject { get; set; }

    public IReadOnlyList<LiveKitWebhookEvent> Events
    {
        get
        {
            lock (gate)
            {
                return events.ToArray();
            }
        }
    }

    public ValueTask HandleAsync(LiveKitWebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (FailuresToInject > 0)
            {
                FailuresToInject--;
                throw new InvalidOperationException("journal unavailable (injected)");
            }

            events.Add(webhookEvent);
        }

        return ValueTask.CompletedTask;
    }
}

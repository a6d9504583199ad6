namespace ActorStudio.Protocol.Messages;

/// <summary>The life of one of a generation's four variants.</summary>
public enum VariantStatus
{
    Queued = 1,
    Running = 2,
    Stored = 3,
    Failed = 4,
}

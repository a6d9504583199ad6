namespace ActorStudio.Actors.Ports;

/// <summary>A media operation was asked of a server without live video or without recording storage configured.</summary>
public sealed class MediaNotConfiguredException : InvalidOperationException
{
    public MediaNotConfiguredException(string message)
        : base(message)
    {
    }
}

namespace ActorStudio.Protocol;

/// <summary>The wire protocol version the server speaks; negotiated in the client's first frame.</summary>
public static class ProtocolVersion
{
    public const int Current = 1;
}

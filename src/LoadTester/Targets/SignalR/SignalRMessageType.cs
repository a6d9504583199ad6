namespace ActorStudio.LoadTester.Targets.SignalR;

/// <summary>The hub protocol's record types (https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md).</summary>
public enum SignalRMessageType
{
    Handshake = 0,
    Invocation = 1,
    StreamItem = 2,
    Completion = 3,
    StreamInvocation = 4,
    CancelInvocation = 5,
    Ping = 6,
    Close = 7,
}

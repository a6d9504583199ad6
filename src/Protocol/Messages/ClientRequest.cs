namespace ActorStudio.Protocol.Messages;

/// <summary>A client command that changes state. The client-chosen command id (1-64 UTF-8 bytes, unique per participant) is echoed in the Ack or Error, and a command resent with the same id is answered with the first result, never applied twice.</summary>
public abstract record ClientRequest(string CommandId) : ClientCommand;

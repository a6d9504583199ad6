namespace ActorStudio.LoadTester.Targets;

/// <summary>The server refused a create or join (status and stable error code when it gave one).</summary>
public sealed class JoinRefusedException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}

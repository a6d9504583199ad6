namespace ActorStudio.LoadTester.Targets;

/// <summary>What a connection reports up to its simulated participant, from its receive loop.</summary>
public interface IParticipantObserver
{
    /// <summary>A chat message arrived; <paramref name="utf8Text"/> is only valid during the call.</summary>
    /// <param name="inSnapshot">Listed in a Welcome snapshot (a resume that fell back to one): the snapshot is state
    /// the client replaces its own with, so a message it already had there is not a second delivery.</param>
    void OnChat(ReadOnlySpan<byte> utf8Text, bool inSnapshot);

    /// <summary>The server refused a chat message this participant sent (rate limit, filter…): it will never be delivered.</summary>
    void OnChatRefused(ReadOnlySpan<byte> utf8Text, string code);

    /// <summary>The connection ended without the participant asking for it (server close, reset).</summary>
    void OnDropped(string reason);

    /// <summary>The server accepted a generation request made at <paramref name="requestedTimestamp"/> (<see cref="Scenario.RunClock"/>).</summary>
    void OnGenerationAccepted(string generationId, long requestedTimestamp);

    /// <summary>A generation variant reached a final state; <paramref name="imageId"/> is set when it was stored.</summary>
    void OnVariantFinished(string generationId, int variant, string? imageId);
}

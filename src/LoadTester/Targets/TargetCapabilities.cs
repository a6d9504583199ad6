namespace ActorStudio.LoadTester.Targets;

/// <summary>
/// What a target supports, so the scenario skips what cannot be measured (with a note) instead of
/// counting it as loss.
/// </summary>
/// <param name="EchoesChatToSender">The sender receives its own message back (counted as a delivery).</param>
/// <param name="Resume">A dropped socket can come back and receive exactly what it missed.</param>
/// <param name="Generation">Prompts produce four variants whose completion the client sees.</param>
public sealed record TargetCapabilities(bool EchoesChatToSender, bool Resume, bool Generation);

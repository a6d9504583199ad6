namespace ActorStudio.Actors.Generation.Messages;

/// <summary>
/// Tells a GenerationActor to run these variants. The session sends it only AFTER the turn that chose the image ids
/// is journaled, so no blob is ever written under an id the journal does not know.
/// </summary>
public sealed record RunVariants(IReadOnlyList<VariantAttempt> Variants);

/// <summary>One variant to run, under the image id the journal recorded for this attempt.</summary>
public readonly record struct VariantAttempt(int Index, string ImageId);

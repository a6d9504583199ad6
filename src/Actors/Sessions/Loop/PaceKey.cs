namespace ActorStudio.Actors.Sessions.Loop;

/// <summary>
/// Identifies a coalescible update: a newer update with the same key replaces the older one before the pacing tick
/// flushes them (e.g. ("presence", participantId), ("typing", participantId), ("progress", variantId)).
/// </summary>
public readonly record struct PaceKey(string Kind, string Id);

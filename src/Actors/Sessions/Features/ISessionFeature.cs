namespace ActorStudio.Actors.Sessions.Features;

/// <summary>
/// A feature area of a session (chat, presence, moderation; later generation, the shared stream, recording, polls).
/// A feature registers the client commands it handles (with the roles allowed), the journaled events it owns (codec,
/// how they change state, how they look on the wire), actor messages it handles, and what it adds to snapshots.
/// Adding a feature is adding a class and listing it in <see cref="SessionFeatures"/>; SessionActor does not change.
/// </summary>
public interface ISessionFeature
{
    void Register(SessionFeatureRegistry registry);
}

namespace ActorStudio.Actors.Sessions.Features;

/// <summary>The features every session runs. Later features (generation, stream, recording, polls) add themselves here.</summary>
public static class SessionFeatures
{
    public static IReadOnlyList<ISessionFeature> Core() =>
    [
        new SessionLifecycleFeature(),
        new ParticipantsFeature(),
        new ChatFeature(),
        new ModerationFeature(),
    ];
}

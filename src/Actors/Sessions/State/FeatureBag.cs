namespace ActorStudio.Actors.Sessions.State;

/// <summary>
/// State slots owned by feature modules, keyed by type, so a new feature (generation, polls, recording) keeps
/// its own state beside the session's without editing <see cref="SessionState"/>.
/// </summary>
public sealed class FeatureBag
{
    private readonly Dictionary<Type, object> slots = [];

    public T Get<T>()
        where T : class, new()
    {
        if (!slots.TryGetValue(typeof(T), out var slot))
        {
            slot = new T();
            slots[typeof(T)] = slot;
        }

        return (T)slot;
    }
}

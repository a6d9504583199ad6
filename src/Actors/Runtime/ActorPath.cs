namespace ActorStudio.Actors.Runtime;

/// <summary>The address of an actor in its system's tree, e.g. <c>actorstudio://studio/user/sessions/abc</c>.</summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private readonly string _text;

    private ActorPath(string systemName, ActorPath? parent, string name)
    {
        SystemName = systemName;
        Parent = parent;
        Name = name;
        _text = parent is null ? $"actorstudio://{systemName}" : parent._text + "/" + name;
    }

    public string SystemName { get; }

    public ActorPath? Parent { get; }

    public string Name { get; }

    public static ActorPath Root(string systemName) => new(systemName, null, string.Empty);

    public ActorPath Child(string name) => new(SystemName, this, name);

    public override string ToString() => _text;

    public bool Equals(ActorPath? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ActorPath other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);
}

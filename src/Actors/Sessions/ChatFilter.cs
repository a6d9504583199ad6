namespace ActorStudio.Actors.Sessions;

/// <summary>A configurable whole-word, case-insensitive keyword filter for chat.</summary>
public sealed class ChatFilter
{
    private readonly HashSet<string> blocked;

    public ChatFilter(IEnumerable<string> words)
    {
        blocked = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var word in words)
        {
            var trimmed = word.Trim();
            if (trimmed.Length > 0)
            {
                blocked.Add(trimmed);
            }
        }
    }

    public bool IsEmpty => blocked.Count == 0;

    /// <summary>True when the text holds a blocked word.</summary>
    public bool Blocks(string text)
    {
        if (blocked.Count == 0)
        {
            return false;
        }

        var lookup = blocked.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = text.AsSpan();
        var start = -1;
        for (var i = 0; i <= span.Length; i++)
        {
            var isWordChar = i < span.Length && char.IsLetterOrDigit(span[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                if (lookup.Contains(span[start..i]))
                {
                    return true;
                }

                start = -1;
            }
        }

        return false;
    }
}

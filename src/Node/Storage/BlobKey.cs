namespace ActorStudio.Node.Storage;

/// <summary>
/// The one rule for object keys, shared by every store: 1..512 chars, '/'-separated segments of
/// [A-Za-z0-9._-], no empty, "." or ".." segment, no segment starting with '.'. That keeps keys portable
/// between S3 and the file system and makes path traversal impossible by construction.
/// </summary>
public static class BlobKey
{
    public const int MaxLength = 512;

    public static bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength)
        {
            return false;
        }

        var segmentStart = true;
        foreach (var c in key)
        {
            if (c == '/')
            {
                if (segmentStart)
                {
                    return false; // leading slash or empty segment
                }

                segmentStart = true;
                continue;
            }

            if (segmentStart && c == '.')
            {
                return false; // ".", "..", hidden files
            }

            segmentStart = false;
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return !segmentStart; // no trailing slash
    }

    public static string EnsureValid(string? key) =>
        IsValid(key) ? key! : throw new ArgumentException($"Invalid blob key '{key}': use '/'-separated segments of letters, digits, '.', '_' and '-'.", nameof(key));

    /// <summary>True for a single path segment usable inside a key (ids, file names).</summary>
    public static bool IsValidSegment(string? segment) => IsValid(segment) && !segment!.Contains('/');
}

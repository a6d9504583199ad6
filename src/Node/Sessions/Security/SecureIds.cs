using System.Security.Cryptography;

namespace ActorStudio.Node.Sessions.Security;

/// <summary>Unguessable identifiers from a CSPRNG, lower-case base32 so they sit well in URLs.</summary>
public static class SecureIds
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>16 characters, 80 bits.</summary>
    public static string NewSessionId() => New(16);

    /// <summary>"p" followed by 12 characters, 60 bits: unique within a session.</summary>
    public static string NewParticipantId() => "p" + New(12);

    private static string New(int length)
    {
        Span<byte> random = stackalloc byte[length];
        RandomNumberGenerator.Fill(random);
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[random[i] & 31];
        }

        return new string(chars);
    }

    /// <summary>Rejects anything that could not be one of our ids before it reaches an actor or the journal.</summary>
    public static bool LooksLikeSessionId(string? id)
    {
        if (id is null || id.Length != 16)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}

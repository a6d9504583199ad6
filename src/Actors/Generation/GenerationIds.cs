using System.Security.Cryptography;
using System.Text;

namespace ActorStudio.Actors.Generation;

/// <summary>Ids of generations, images and stream items.</summary>
public static class GenerationIds
{
    /// <summary>
    /// A generation's id follows from (session, participant, command id): a resent Generate — over the socket or
    /// HTTP, even after its command id fell out of the replay window — names the same generation and is not run twice.
    /// </summary>
    public static string ForCommand(string sessionId, string participantId, string commandId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(sessionId + "\n" + participantId + "\n" + commandId), hash);
        return "g" + Base32(hash[..12]);
    }

    public static string NewImageId() => "i" + Random(12);

    public static string NewStreamItemId() => "s" + Random(10);

    private static string Random(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(buffer);
        return Base32(buffer);
    }

    private static string Base32(ReadOnlySpan<byte> data)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var output = new StringBuilder((data.Length * 8 / 5) + 1);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                output.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            output.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return output.ToString();
    }

    /// <summary>Ids the server minted have this shape; anything else is refused before any lookup.</summary>
    public static bool LooksLikeId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 40)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')))
            {
                return false;
            }
        }

        return true;
    }
}

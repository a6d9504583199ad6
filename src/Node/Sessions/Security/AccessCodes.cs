using System.Security.Cryptography;

namespace ActorStudio.Node.Sessions.Security;

/// <summary>
/// Makes role access codes from a CSPRNG and hashes them with salted PBKDF2.
/// Codes are 12 random characters from a 32-letter alphabet without look-alikes (60 bits),
/// grouped for reading aloud in a classroom (XXXX-XXXX-XXXX).
/// </summary>
public sealed class AccessCodes
{
    // Crockford-style alphabet: no I, L, O, U so codes survive being read aloud or copied by hand.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int CodeLength = 12;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // The codes are random (60 bits), not user passwords, so a moderate iteration count is enough while
    // keeping three verifications per join affordable; failed joins are rate limited on top.
    public const int Iterations = 20_000;

    public string NewCode()
    {
        Span<byte> random = stackalloc byte[CodeLength];
        RandomNumberGenerator.Fill(random);
        Span<char> chars = stackalloc char[CodeLength + 2];
        var o = 0;
        for (var i = 0; i < CodeLength; i++)
        {
            if (i is 4 or 8)
            {
                chars[o++] = '-';
            }

            chars[o++] = Alphabet[random[i] & 31];
        }

        return new string(chars);
    }

    /// <summary>Hash format: <c>pbkdf2-sha256$iterations$saltB64$hashB64</c>.</summary>
    public string Hash(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Normalize(code), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>Constant-time comparison of a presented code against a stored hash.</summary>
    public bool Verify(string? presented, string storedHash)
    {
        var parts = storedHash.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], out var iterations))
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Normalize(presented ?? string.Empty), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Users type codes in lower case, with spaces or without dashes: all mean the same code.</summary>
    internal static string Normalize(string code)
    {
        if (code.Length > 64)
        {
            code = code[..64];
        }

        Span<char> buffer = stackalloc char[code.Length];
        var n = 0;
        foreach (var c in code)
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            buffer[n++] = upper switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                _ => upper,
            };
        }

        return new string(buffer[..n]);
    }
}

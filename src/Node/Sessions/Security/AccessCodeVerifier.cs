using System.Security.Cryptography;
using System.Text;
using ActorStudio.Actors.Sessions;
using ActorStudio.Actors.Sessions.Messages;

namespace ActorStudio.Node.Sessions.Security;

/// <summary>
/// Matches a presented access code to a role of a session. The PBKDF2 check (three hashes, constant time) runs once
/// per (session, code); a success is remembered as an HMAC of the session's hashes and the normalized code under a key
/// random per process, so a classroom of hundreds joining with the same code pays PBKDF2 once, not once per pupil.
/// The code itself is never kept. Wrong codes are never remembered: each one still pays the full PBKDF2 and the
/// caller still counts it for the join limiter.
/// </summary>
public sealed class AccessCodeVerifier : IDisposable
{
    /// <summary>Remembered successes; a full cache is emptied (the next joins pay PBKDF2 once more).</summary>
    public const int DefaultCapacity = 4096;

    private readonly AccessCodes codes;
    private readonly int capacity;
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly Dictionary<CacheKey, ParticipantRole> verified = [];
    private readonly Lock gate = new();
    private long slowChecks;

    public AccessCodeVerifier(AccessCodes codes)
        : this(codes, DefaultCapacity)
    {
    }

    public AccessCodeVerifier(AccessCodes codes, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.codes = codes;
        this.capacity = capacity;
    }

    /// <summary>PBKDF2 verifications run so far (three hashes count as one), for tests and diagnostics.</summary>
    public long SlowChecks => Interlocked.Read(ref slowChecks);

    /// <summary>Remembered (session, code) successes.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return verified.Count;
            }
        }
    }

    /// <summary>The role <paramref name="code"/> opens in the session whose hashes are <paramref name="access"/>, or null.</summary>
    public ParticipantRole? Match(string code, SessionAccess access)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(access);
        var cacheKey = KeyOf(code, access);
        lock (gate)
        {
            if (verified.TryGetValue(cacheKey, out var known))
            {
                return known;
            }
        }

        Interlocked.Increment(ref slowChecks);
        var role = MatchSlow(code, access);
        if (role is { } matched)
        {
            lock (gate)
            {
                if (verified.Count >= capacity)
                {
                    verified.Clear();
                }

                verified[cacheKey] = matched;
            }
        }

        return role;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(key);

    private ParticipantRole? MatchSlow(string code, SessionAccess access)
    {
        // Check all three every time so the answer's timing does not tell which role a near-miss belongs to.
        var host = codes.Verify(code, access.HostCodeHash);
        var collaborator = codes.Verify(code, access.CollaboratorCodeHash);
        var viewer = codes.Verify(code, access.ViewerCodeHash);
        return host ? ParticipantRole.Host : collaborator ? ParticipantRole.Collaborator : viewer ? ParticipantRole.Viewer : null;
    }

    // The stored hashes are part of the key: a session re-created with new codes never matches an old entry.
    private CacheKey KeyOf(string code, SessionAccess access)
    {
        var text = string.Join('\n', access.SessionId, access.HostCodeHash, access.CollaboratorCodeHash, access.ViewerCodeHash, AccessCodes.Normalize(code));
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, bytes, mac);
        CryptographicOperations.ZeroMemory(bytes);
        return new CacheKey(
            BitConverter.ToUInt64(mac[..8]),
            BitConverter.ToUInt64(mac[8..16]),
            BitConverter.ToUInt64(mac[16..24]),
            BitConverter.ToUInt64(mac[24..]));
    }

    private readonly record struct CacheKey(ulong A, ulong B, ulong C, ulong D);
}

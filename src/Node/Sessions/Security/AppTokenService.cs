using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ActorStudio.Actors.Sessions;

namespace ActorStudio.Node.Sessions.Security;

/// <summary>
/// Short-lived HMAC-SHA256 signed app tokens: <c>v1.{base64url(payload)}.{base64url(mac)}</c>, payload
/// <c>sessionId|participantId|role|expiryUnixSeconds</c>. Stateless, so any node holding the key can check them.
/// </summary>
public sealed class AppTokenService
{
    private const string Prefix = "v1.";
    private readonly byte[] key;
    private readonly TimeProvider time;

    public AppTokenService(TokenKey key, TimeProvider time, SessionSettings settings)
    {
        this.key = key.Bytes;
        this.time = time;
        Lifetime = settings.TokenLifetime;
    }

    public TimeSpan Lifetime { get; }

    public (string Token, DateTimeOffset ExpiresAt) Issue(string sessionId, string participantId, ParticipantRole role)
    {
        var expires = time.GetUtcNow().Add(Lifetime);
        var expiresSeconds = expires.ToUnixTimeSeconds();
        var payload = Encoding.UTF8.GetBytes($"{sessionId}|{participantId}|{ParticipantRoles.ToWire(role)}|{expiresSeconds}");
        var mac = HMACSHA256.HashData(key, payload);
        var token = Prefix + Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(mac);
        return (token, DateTimeOffset.FromUnixTimeSeconds(expiresSeconds));
    }

    public TokenCheck Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512 || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return TokenCheck.Invalid;
        }

        var body = token.AsSpan(Prefix.Length);
        var dot = body.IndexOf('.');
        if (dot <= 0)
        {
            return TokenCheck.Invalid;
        }

        byte[] payload;
        byte[] mac;
        try
        {
            payload = Base64Url.DecodeFromChars(body[..dot]);
            mac = Base64Url.DecodeFromChars(body[(dot + 1)..]);
        }
        catch (FormatException)
        {
            return TokenCheck.Invalid;
        }

        var expected = HMACSHA256.HashData(key, payload);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac))
        {
            return TokenCheck.Invalid;
        }

        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 4
            || !ParticipantRoles.TryParse(parts[2], out var role)
            || !long.TryParse(parts[3], out var expirySeconds))
        {
            return TokenCheck.Invalid;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expirySeconds);
        var parsed = new AppToken(parts[0], parts[1], role, expiresAt);
        return expiresAt <= time.GetUtcNow() ? new TokenCheck(TokenStatus.Expired, parsed) : new TokenCheck(TokenStatus.Valid, parsed);
    }
}

public enum TokenStatus
{
    Invalid,
    Expired,
    Valid,
}

public sealed record TokenCheck(TokenStatus Status, AppToken? Token)
{
    public static readonly TokenCheck Invalid = new(TokenStatus.Invalid, null);
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ActorStudio.Node.Sessions.Security;

namespace ActorStudio.Node.Generation;

/// <summary>
/// Short-lived signed tickets for <c>&lt;img&gt;</c> tags, which cannot send a Bearer header:
/// <c>{sessionId}.{participantId}.{expiresUnix}.{hmac}</c>. A ticket only names WHO asks; whether that participant
/// may read a given image (owner, or shared) is decided by the session at every request.
/// </summary>
public sealed class ImageTickets(TokenKey key, TimeProvider time)
{
    public static TimeSpan Lifetime { get; } = TimeSpan.FromMinutes(10);

    public (string Ticket, DateTimeOffset ExpiresAt) Issue(string sessionId, string participantId)
    {
        var expires = time.GetUtcNow() + Lifetime;
        var unix = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = sessionId + "." + participantId + "." + unix;
        return (body + "." + Sign(body), DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>The (session, participant) a valid, unexpired ticket names; null otherwise.</summary>
    public (string SessionId, string ParticipantId)? Validate(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > 256)
        {
            return null;
        }

        var parts = ticket.Split('.');
        if (parts.Length != 4 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
        {
            return null;
        }

        var body = parts[0] + "." + parts[1] + "." + parts[2];
        var expected = Encoding.ASCII.GetBytes(Sign(body));
        var given = Encoding.ASCII.GetBytes(parts[3]);
        if (!CryptographicOperations.FixedTimeEquals(expected, given) || time.GetUtcNow().ToUnixTimeSeconds() > unix)
        {
            return null;
        }

        return (parts[0], parts[1]);
    }

    private string Sign(string body)
    {
        var mac = HMACSHA256.HashData(key.Bytes, Encoding.UTF8.GetBytes("image-ticket\n" + body));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}

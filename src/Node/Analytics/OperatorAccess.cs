using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Analytics;

/// <summary>Checks the operator key (<c>Authorization: Bearer &lt;key&gt;</c>) in constant time.</summary>
public sealed class OperatorAccess(IOptions<DashboardOptions> options)
{
    public bool IsConfigured => !string.IsNullOrEmpty(options.Value.OperatorKey);

    public bool IsOperator(HttpContext http)
    {
        var key = options.Value.OperatorKey;
        var presented = BearerOf(http);
        if (string.IsNullOrEmpty(key) || presented is null)
        {
            return false;
        }

        // Hash both sides so the comparison time depends on neither length.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    public static string? BearerOf(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && header.Length > Scheme.Length && header.Length < 1024
            ? header[Scheme.Length..].Trim()
            : null;
    }
}

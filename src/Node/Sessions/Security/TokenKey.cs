using System.Security.Cryptography;

namespace ActorStudio.Node.Sessions.Security;

/// <summary>
/// The HMAC key for app tokens: from settings (base64, for clusters where every node must share it) or
/// generated once and kept in the data directory (single node). Never in the repository.
/// </summary>
public sealed class TokenKey
{
    private TokenKey(byte[] bytes) => Bytes = bytes;

    public byte[] Bytes { get; }

    public static TokenKey Load(string? configuredBase64, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configuredBase64))
        {
            var configured = Convert.FromBase64String(configuredBase64);
            if (configured.Length < 32)
            {
                throw new InvalidOperationException("Sessions:TokenKey must be at least 32 bytes (base64).");
            }

            return new TokenKey(configured);
        }

        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, "app-token.key");
        if (File.Exists(path))
        {
            var stored = File.ReadAllBytes(path);
            if (stored.Length >= 32)
            {
                return new TokenKey(stored);
            }
        }

        var fresh = RandomNumberGenerator.GetBytes(32);
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, fresh);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
        return new TokenKey(fresh);
    }
}

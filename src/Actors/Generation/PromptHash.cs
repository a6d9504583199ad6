using System.Security.Cryptography;
using System.Text;

namespace ActorStudio.Actors.Generation;

/// <summary>The prompt's SHA-256 (hex): what object metadata carries instead of the prompt itself.</summary>
public static class PromptHash
{
    public static string Of(string prompt) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)));
}

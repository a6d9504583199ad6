using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ActorStudio.Actors.Ports;

namespace ActorStudio.Node.Storage;

/// <summary>
/// Builds and checks the tags stored as object metadata (x-amz-meta-* on S3). Images carry owner, session,
/// generation, variant, model, size and the prompt's SHA-256, never the prompt: the stores refuse a "prompt" tag.
/// </summary>
public static class BlobTags
{
    public const string Owner = "owner";
    public const string Session = "session";
    public const string Generation = "generation";
    public const string Variant = "variant";
    public const string Model = "model";
    public const string Size = "size";
    public const string PromptSha256 = "prompt-sha256";
    public const string Kind = "kind";

    private const int MaxValueLength = 256;

    public static BlobMetadata ForImage(
        string contentType, string kind, string sessionId, string ownerId, string generationId, int variant,
        string model, int width, int height, string prompt) =>
        new(contentType, new Dictionary<string, string>
        {
            [Kind] = kind,
            [Session] = sessionId,
            [Owner] = ownerId,
            [Generation] = generationId,
            [Variant] = variant.ToString(CultureInfo.InvariantCulture),
            [Model] = model,
            [Size] = string.Create(CultureInfo.InvariantCulture, $"{width}x{height}"),
            [PromptSha256] = HashPrompt(prompt),
        });

    public static string HashPrompt(string prompt) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)));

    /// <summary>Tag names are lower-case [a-z0-9-]; values printable ASCII (they travel as HTTP headers); "prompt" is refused.</summary>
    public static void Validate(BlobMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (string.IsNullOrWhiteSpace(metadata.ContentType))
        {
            throw new ArgumentException("A blob needs a content type.", nameof(metadata));
        }

        foreach (var (name, value) in metadata.Tags)
        {
            if (name.Length == 0 || name.Length > 64 || !IsTagName(name))
            {
                throw new ArgumentException($"Invalid tag name '{name}': use lower-case letters, digits and '-'.", nameof(metadata));
            }

            if (name.Contains("prompt", StringComparison.Ordinal) && name != PromptSha256)
            {
                throw new ArgumentException("Prompts are never written into object metadata; store prompt-sha256 instead.", nameof(metadata));
            }

            if (value.Length > MaxValueLength || !IsPrintableAscii(value))
            {
                throw new ArgumentException($"Tag '{name}' must be at most {MaxValueLength} printable ASCII characters.", nameof(metadata));
            }
        }
    }

    private static bool IsTagName(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}

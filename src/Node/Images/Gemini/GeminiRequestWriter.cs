using System.Buffers;
using System.Text.Json;
using ActorStudio.Actors.Ports;

namespace ActorStudio.Node.Images.Gemini;

/// <summary>
/// Writes the generateContent body (camelCase, per reference/gemini-image.md): the optional source image as an
/// inlineData part before the prompt text, IMAGE as the only response modality, the aspect ratio and the seed.
/// No candidateCount (the API refuses more than one), no systemInstruction, no imageSize.
/// </summary>
internal static class GeminiRequestWriter
{
    public static byte[] Write(ImageRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 + ((request.SourceImage?.Length ?? 0) * 4 / 3));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("contents");
            json.WriteStartObject();
            json.WriteString("role", "user");
            json.WriteStartArray("parts");
            if (request.SourceImage is { Length: > 0 } source)
            {
                json.WriteStartObject();
                json.WriteStartObject("inlineData");
                json.WriteString("mimeType", request.SourceContentType ?? "image/png");
                json.WriteBase64String("data", source.Span);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteStartObject();
            json.WriteString("text", request.Prompt);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("generationConfig");
            json.WriteStartArray("responseModalities");
            json.WriteStringValue("IMAGE");
            json.WriteEndArray();
            json.WriteStartObject("imageConfig");
            json.WriteString("aspectRatio", request.Aspect.Name);
            json.WriteEndObject();
            if (request.Seed is { } seed)
            {
                json.WriteNumber("seed", ToInt32Seed(seed));
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The API's seed is an int32: values in range pass unchanged, larger ones are folded deterministically.</summary>
    public static int ToInt32Seed(long seed) =>
        seed is >= int.MinValue and <= int.MaxValue ? (int)seed : unchecked((int)(seed ^ (seed >> 32)));
}

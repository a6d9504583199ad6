using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorStudio.Node.LiveKit;

/// <summary>
/// JSON settings for LiveKit's two wire dialects: Twirp answers in snake_case, webhooks carry protobuf-JSON in
/// camelCase. Both send int64 values as strings, hence <see cref="JsonNumberHandling.AllowReadingFromString"/>.
/// </summary>
public static class LiveKitJson
{
    public static JsonSerializerOptions Twirp { get; } = Create(JsonNamingPolicy.SnakeCaseLower);

    public static JsonSerializerOptions Webhook { get; } = Create(JsonNamingPolicy.CamelCase);

    private static JsonSerializerOptions Create(JsonNamingPolicy naming)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = naming,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            MaxDepth = 32,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

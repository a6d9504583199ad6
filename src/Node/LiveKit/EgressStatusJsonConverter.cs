using System.Text.Json;
using System.Text.Json.Serialization;
using ActorStudio.Actors.Media;

namespace ActorStudio.Node.LiveKit;

/// <summary>Reads EgressStatus by name or by protobuf number and always yields the <c>EGRESS_*</c> name.</summary>
public sealed class EgressStatusJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number when reader.TryGetInt32(out var n) && n is >= 0 and <= (int)RecordingEgressStatus.LimitReached:
                return RecordingStatus.ToName((RecordingEgressStatus)n);
            case JsonTokenType.Number:
                return "EGRESS_UNKNOWN";
            case JsonTokenType.Null:
                return null;
            default:
                throw new JsonException($"expected an egress status, got {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

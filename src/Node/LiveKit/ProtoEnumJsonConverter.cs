using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorStudio.Node.LiveKit;

/// <summary>
/// Protobuf enums arrive by name (<c>"ACTIVE"</c>) from protojson, but a number is also valid protobuf-JSON;
/// both are kept as text so an unknown value never fails a whole event.
/// </summary>
public sealed class ProtoEnumJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : reader.GetDouble().ToString(CultureInfo.InvariantCulture),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"expected an enum name or number, got {reader.TokenType}"),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

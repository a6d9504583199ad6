using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using ActorStudio.Protocol.Messages;

namespace ActorStudio.Protocol.Tests;

/// <summary>
/// The object shape wwwroot/js/protocol.js uses for a message, derived from the C# record by reflection:
/// camelCase names, enums as numbers, timestamps as Unix milliseconds, "type" the camelCase message type.
/// </summary>
internal static class MessageView
{
    public static JsonNode? Of(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                return s;
            case bool b:
                return b;
            case int i:
                return i;
            case long l:
                return l;
            case Enum e:
                return Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture);
            case DateTimeOffset d:
                return d.ToUnixTimeMilliseconds();
            case IEnumerable list:
                var array = new JsonArray();
                foreach (var item in list)
                {
                    array.Add(Of(item));
                }

                return array;
        }

        var result = new JsonObject();
        if (value is ServerMessage server)
        {
            result["type"] = Camel(server.Type.ToString());
        }
        else if (value is ClientCommand client)
        {
            result["type"] = Camel(client.Type.ToString());
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.Name is "Type" or "EqualityContract")
            {
                continue;
            }

            result[Camel(property.Name)] = Of(property.GetValue(value));
        }

        return result;
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

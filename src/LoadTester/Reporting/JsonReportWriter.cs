using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorStudio.LoadTester.Reporting;

/// <summary>The --json report: camelCase, indented, nulls kept so the shape never changes between runs.</summary>
public static class JsonReportWriter
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(LoadTestReport report) => JsonSerializer.Serialize(report, Options);

    public static async Task WriteAsync(LoadTestReport report, string path, CancellationToken cancellationToken)
    {
        await using FileStream file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, report, Options, cancellationToken).ConfigureAwait(false);
    }
}

using System.Text;

namespace ActorStudio.Node.Observability;

/// <summary>OpenTelemetry-style instrument names to Prometheus metric and label names.</summary>
internal static class PrometheusNames
{
    /// <summary><c>studio.journal.append.duration</c> + unit <c>s</c> → <c>studio_journal_append_duration_seconds</c>; counters end in <c>_total</c>.</summary>
    public static string Metric(string instrumentName, string? unit, bool isCounter)
    {
        var name = new StringBuilder(instrumentName.Length + 16);
        for (var i = 0; i < instrumentName.Length; i++)
        {
            var c = instrumentName[i];
            var valid = char.IsAsciiLetter(c) || c == '_' || c == ':' || (i > 0 && char.IsAsciiDigit(c));
            name.Append(valid ? c : '_');
        }

        var suffix = unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => null,
        };
        if (suffix is not null && !EndsWith(name, suffix))
        {
            name.Append(suffix);
        }

        if (isCounter && !EndsWith(name, "_total"))
        {
            name.Append("_total");
        }

        return name.ToString();
    }

    public static string Label(string key)
    {
        var name = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            var valid = char.IsAsciiLetter(c) || c == '_' || (i > 0 && char.IsAsciiDigit(c));
            name.Append(valid ? c : '_');
        }

        return name.Length == 0 ? "_" : name.ToString();
    }

    private static bool EndsWith(StringBuilder name, string suffix) =>
        name.Length >= suffix.Length && name.ToString(name.Length - suffix.Length, suffix.Length) == suffix;
}

using System.Globalization;
using System.Text;

namespace ActorStudio.TestSupport;

/// <summary>
/// A strict parser for the Prometheus text exposition format 0.0.4, written for the tests so that the exporter is
/// checked against the format's rules rather than against itself: name and label syntax, escaping, one TYPE per
/// family before its samples, contiguous families, no duplicate series, counters ending in _total, histograms with
/// ascending cumulative buckets, +Inf equal to _count, and _sum/_count for every label set.
/// </summary>
public static class PrometheusTextParser
{
    public static IReadOnlyDictionary<string, MetricFamily> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the exposition must end with a line feed");
        }

        var families = new Dictionary<string, MetricFamily>(StringComparer.Ordinal);
        var seriesSeen = new HashSet<string>(StringComparer.Ordinal);
        MetricFamily? current = null;
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            var where = $"line {n + 1}: '{line}'";
            if (line.Length == 0)
            {
                throw new FormatException($"{where}: empty line");
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var rest = line[7..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                if (space <= 0)
                {
                    throw new FormatException($"{where}: no text after the metric name");
                }

                var name = rest[..space];
                RequireMetricName(name, where);
                if (!families.TryGetValue(name, out var family))
                {
                    family = new MetricFamily(name);
                    families.Add(name, family);
                }
                else if (family.Samples.Count > 0)
                {
                    throw new FormatException($"{where}: HELP/TYPE after the family's samples");
                }

                if (line[2] == 'H')
                {
                    if (family.Help is not null)
                    {
                        throw new FormatException($"{where}: second HELP");
                    }

                    family.Help = UnescapeHelp(rest[(space + 1)..], where);
                }
                else
                {
                    if (family.Type is not null)
                    {
                        throw new FormatException($"{where}: second TYPE");
                    }

                    family.Type = rest[(space + 1)..];
                    if (family.Type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                    {
                        throw new FormatException($"{where}: unknown type");
                    }
                }

                current = family;
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var sample = ParseSample(line, where);
            var owner = FamilyOf(sample.Name, families);
            if (owner is null || owner.Type is null)
            {
                throw new FormatException($"{where}: sample without a TYPE line before it");
            }

            if (!ReferenceEquals(owner, current))
            {
                throw new FormatException($"{where}: samples of family {owner.Name} are not contiguous");
            }

            var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";
            if (!seriesSeen.Add(key))
            {
                throw new FormatException($"{where}: duplicate series {key}");
            }

            owner.Samples.Add(sample);
        }

        foreach (var family in families.Values)
        {
            Validate(family);
        }

        return families;
    }

    private static MetricFamily? FamilyOf(string sampleName, Dictionary<string, MetricFamily> families)
    {
        if (families.TryGetValue(sampleName, out var exact) && exact.Type != "histogram")
        {
            return exact;
        }

        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && families.TryGetValue(sampleName[..^suffix.Length], out var family)
                && family.Type == "histogram")
            {
                return family;
            }
        }

        return null;
    }

    private static void Validate(MetricFamily family)
    {
        switch (family.Type)
        {
            case "counter":
                if (!family.Name.EndsWith("_total", StringComparison.Ordinal))
                {
                    throw new FormatException($"counter {family.Name} does not end in _total");
                }

                foreach (var s in family.Samples)
                {
                    if (s.Value < 0 || double.IsNaN(s.Value))
                    {
                        throw new FormatException($"counter {family.Name} has value {s.Value}");
                    }
                }

                break;
            case "histogram":
                ValidateHistogram(family);
                break;
        }
    }

    private static void ValidateHistogram(MetricFamily family)
    {
        var groups = family.Samples.GroupBy(s => LabelKey(s.Labels, except: "le"));
        foreach (var group in groups)
        {
            var buckets = group.Where(s => s.Name == family.Name + "_bucket").ToList();
            var sums = group.Where(s => s.Name == family.Name + "_sum").ToList();
            var counts = group.Where(s => s.Name == family.Name + "_count").ToList();
            if (buckets.Count == 0 || sums.Count != 1 || counts.Count != 1)
            {
                throw new FormatException($"histogram {family.Name}{{{group.Key}}} needs buckets, one _sum and one _count");
            }

            var previousLe = double.NegativeInfinity;
            var previousCount = 0d;
            foreach (var bucket in buckets)
            {
                if (!bucket.Labels.TryGetValue("le", out var leText))
                {
                    throw new FormatException($"histogram {family.Name} bucket without le");
                }

                var le = ParseValue(leText, family.Name);
                if (le <= previousLe)
                {
                    throw new FormatException($"histogram {family.Name} buckets not ascending at le={leText}");
                }

                if (bucket.Value < previousCount)
                {
                    throw new FormatException($"histogram {family.Name} buckets not cumulative at le={leText}");
                }

                previousLe = le;
                previousCount = bucket.Value;
            }

            if (!double.IsPositiveInfinity(previousLe))
            {
                throw new FormatException($"histogram {family.Name} has no +Inf bucket last");
            }

            if (previousCount != counts[0].Value)
            {
                throw new FormatException($"histogram {family.Name} +Inf bucket {previousCount} != _count {counts[0].Value}");
            }
        }
    }

    private static string LabelKey(IReadOnlyDictionary<string, string> labels, string except) =>
        string.Join(",", labels.Where(l => l.Key != except).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));

    private static Sample ParseSample(string line, string where)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        RequireMetricName(name, where);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                if (i < line.Length && line[i] == '}')
                {
                    i++;
                    break;
                }

                var start = i;
                while (i < line.Length && line[i] != '=')
                {
                    i++;
                }

                var labelName = line[start..i];
                RequireLabelName(labelName, where);
                if (i + 1 >= line.Length || line[i + 1] != '"')
                {
                    throw new FormatException($"{where}: label value not quoted");
                }

                i += 2;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException($"{where}: unterminated label value");
                    }

                    var c = line[i];
                    if (c == '"')
                    {
                        i++;
                        break;
                    }

                    if (c == '\\')
                    {
                        if (i + 1 >= line.Length)
                        {
                            throw new FormatException($"{where}: dangling escape");
                        }

                        value.Append(line[i + 1] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"{where}: invalid escape \\{line[i + 1]}"),
                        });
                        i += 2;
                        continue;
                    }

                    value.Append(c);
                    i++;
                }

                if (!labels.TryAdd(labelName, value.ToString()))
                {
                    throw new FormatException($"{where}: label {labelName} twice");
                }

                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
                else if (i >= line.Length || line[i] != '}')
                {
                    throw new FormatException($"{where}: expected ',' or '}}' after a label");
                }
            }
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException($"{where}: expected a space before the value");
        }

        var parts = line[(i + 1)..].Split(' ');
        if (parts.Length is < 1 or > 2)
        {
            throw new FormatException($"{where}: expected 'value [timestamp]'");
        }

        var sampleValue = ParseValue(parts[0], where);
        if (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"{where}: bad timestamp");
        }

        return new Sample(name, labels, sampleValue);
    }

    private static double ParseValue(string text, string where) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
        _ => throw new FormatException($"{where}: '{text}' is not a value"),
    };

    private static string UnescapeHelp(string help, string where)
    {
        var result = new StringBuilder(help.Length);
        for (var i = 0; i < help.Length; i++)
        {
            if (help[i] != '\\')
            {
                result.Append(help[i]);
                continue;
            }

            if (i + 1 >= help.Length)
            {
                throw new FormatException($"{where}: dangling escape in HELP");
            }

            result.Append(help[++i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                _ => throw new FormatException($"{where}: invalid escape in HELP"),
            });
        }

        return result.ToString();
    }

    private static void RequireMetricName(string name, string where)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or ':')
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
        {
            throw new FormatException($"{where}: invalid metric name '{name}'");
        }
    }

    private static void RequireLabelName(string name, string where)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_')
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new FormatException($"{where}: invalid label name '{name}'");
        }
    }
}

public sealed class MetricFamily(string name)
{
    public string Name { get; } = name;

    public string? Help { get; set; }

    public string? Type { get; set; }

    public List<Sample> Samples { get; } = [];

    /// <summary>The value of the one sample named <paramref name="sampleName"/> whose labels include all of <paramref name="labels"/>.</summary>
    public double Value(string sampleName, params (string Key, string Value)[] labels)
    {
        var matches = Samples.Where(s => s.Name == sampleName && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
        return matches.Count == 1
            ? matches[0].Value
            : throw new InvalidOperationException($"{matches.Count} samples of {sampleName} match [{string.Join(",", labels)}]");
    }
}

public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

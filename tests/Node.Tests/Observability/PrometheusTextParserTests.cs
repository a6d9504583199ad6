using ActorStudio.TestSupport;
namespace ActorStudio.Node.Tests.Observability;

/// <summary>The test parser must refuse what Prometheus refuses, or the exporter tests prove nothing.</summary>
public sealed class PrometheusTextParserTests
{
    [Theory]
    [InlineData("a_total 1\n", "sample without a TYPE")]
    [InlineData("# TYPE a counter\na 1\n", "does not end in _total")]
    [InlineData("# TYPE a gauge\na{x=\"1\"} 1\na{x=\"1\"} 2\n", "duplicate series")]
    [InlineData("# TYPE a gauge\na{x=\"a\\q\"} 1\n", "invalid escape")]
    [InlineData("# TYPE a gauge\na{1x=\"a\"} 1\n", "invalid label name")]
    [InlineData("# TYPE 9a gauge\n", "invalid metric name")]
    [InlineData("# TYPE a gauge\na one\n", "is not a value")]
    [InlineData("# TYPE a gauge\na 1", "end with a line feed")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "not cumulative")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", "no +Inf bucket")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n", "!= _count")]
    [InlineData("# TYPE a gauge\n# TYPE b gauge\na 1\nb 1\na{x=\"y\"} 1\n", "not contiguous")]
    public void Rejects_malformed_expositions(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusTextParser.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_a_well_formed_exposition()
    {
        const string Text = "# HELP h Latency \\\\ with a\\nnewline.\n# TYPE h histogram\nh_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1.5\nh_count 2\n# TYPE c_total counter\nc_total{a=\"x\\\"y\"} 3\n";
        var families = PrometheusTextParser.Parse(Text);
        Assert.Equal("Latency \\ with a\nnewline.", families["h"].Help);
        Assert.Equal(3, families["c_total"].Value("c_total", ("a", "x\"y")));
    }
}

using System.Globalization;
using System.Net;
using System.Text;

namespace ActorStudio.LoadTester.Reporting;

/// <summary>Small inline SVG charts for the HTML report: no scripts, no network, readable anywhere.</summary>
public static class SvgPlot
{
    private const int Width = 860;
    private const int Height = 260;
    private const int Left = 60;
    private const int Right = 20;
    private const int Top = 20;
    private const int Bottom = 40;

    /// <summary>Lines over a shared x axis; each series is (name, colour, y values), y in the same unit.</summary>
    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<double> xs, IReadOnlyList<(string Name, string Color, IReadOnlyList<double> Ys)> series)
    {
        var svg = new StringBuilder();
        double xMax = xs.Count == 0 ? 1 : Math.Max(xs[^1], 1);
        double xMin = xs.Count == 0 ? 0 : xs[0];
        double yMax = 0;
        foreach (var s in series)
        {
            foreach (double y in s.Ys)
            {
                yMax = Math.Max(yMax, y);
            }
        }

        yMax = NiceCeiling(yMax);
        Open(svg, title);
        Axes(svg, xLabel, yLabel, xMin, xMax, 0, yMax, logX: false);
        foreach (var s in series)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.5\" points=\"");
            for (int i = 0; i < xs.Count && i < s.Ys.Count; i++)
            {
                svg.Append(CultureInfo.InvariantCulture, $"{X(xs[i], xMin, xMax):0.0},{Y(s.Ys[i], yMax):0.0} ");
            }

            svg.Append("\"/>");
        }

        Legend(svg, series.Select(s => (s.Name, s.Color)).ToList());
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Bars over log-spaced buckets (the latency histogram): x is milliseconds on a log scale.</summary>
    public static string Histogram(string title, IReadOnlyList<HistogramPoint> buckets)
    {
        var svg = new StringBuilder();
        double xMin = 0.01;
        double xMax = 1;
        long top = 1;
        foreach (HistogramPoint b in buckets)
        {
            xMax = Math.Max(xMax, b.HighMs);
            top = Math.Max(top, b.Count);
        }

        if (buckets.Count > 0)
        {
            xMin = Math.Max(0.001, buckets[0].LowMs);
        }

        double logMin = Math.Log10(xMin);
        double logMax = Math.Log10(xMax * 1.1);
        Open(svg, title);
        Axes(svg, "delivery latency (ms, log scale)", "deliveries", logMin, logMax, 0, top, logX: true);
        foreach (HistogramPoint b in buckets)
        {
            double x0 = X(Math.Log10(Math.Max(b.LowMs, xMin)), logMin, logMax);
            double x1 = X(Math.Log10(Math.Max(b.HighMs + 0.001, xMin)), logMin, logMax);
            double y = Y(b.Count, top);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x0:0.0}\" y=\"{y:0.0}\" width=\"{Math.Max(1, x1 - x0):0.0}\" height=\"{Height - Bottom - y:0.0}\" fill=\"#4c78a8\"><title>{b.LowMs}–{b.HighMs} ms: {b.Count}</title></rect>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Open(StringBuilder svg, string title) =>
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\" font-family=\"sans-serif\" font-size=\"11\">");

    private static void Axes(StringBuilder svg, string xLabel, string yLabel, double xMin, double xMax, double yMin, double yMax, bool logX)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>");
        for (int i = 0; i <= 4; i++)
        {
            double yValue = yMin + ((yMax - yMin) * i / 4);
            double y = Y(yValue, yMax);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:0.0}\" x2=\"{Width - Right}\" y2=\"{y:0.0}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.0}\" text-anchor=\"end\">{Format(yValue)}</text>");
            double xValue = xMin + ((xMax - xMin) * i / 4);
            double x = X(xValue, xMin, xMax);
            string label = logX ? Format(Math.Pow(10, xValue)) : Format(xValue);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.0}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{label}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Width + Left) / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{(Height - Bottom + Top) / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {(Height - Bottom + Top) / 2})\">{WebUtility.HtmlEncode(yLabel)}</text>");
    }

    private static void Legend(StringBuilder svg, IReadOnlyList<(string Name, string Color)> entries)
    {
        int x = Left + 10;
        foreach (var (name, color) in entries)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{Top}\" width=\"12\" height=\"3\" fill=\"{color}\"/><text x=\"{x + 16}\" y=\"{Top + 5}\">{WebUtility.HtmlEncode(name)}</text>");
            x += 90;
        }
    }

    private static double X(double value, double min, double max) => Left + ((value - min) / Math.Max(max - min, 1e-9) * (Width - Left - Right));

    private static double Y(double value, double max) => Height - Bottom - (value / Math.Max(max, 1e-9) * (Height - Top - Bottom));

    private static double NiceCeiling(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string Format(double value) => value switch
    {
        >= 1000 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.#", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}

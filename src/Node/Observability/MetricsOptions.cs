namespace ActorStudio.Node.Observability;

/// <summary>Settings under <c>Studio:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Studio:Metrics";

    /// <summary>Serve <see cref="Path"/> at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the Prometheus text is served.</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// When set, <see cref="Path"/> answers only on this port (add a matching URL to <c>--urls</c>, e.g.
    /// <c>http://0.0.0.0:9464</c>) so it can stay off the public listener. Unset: the node's own port.
    /// </summary>
    public int? Port { get; set; }

    /// <summary>Meters exported besides ActorStudio's own. A trailing <c>*</c> matches a prefix.</summary>
    public IList<string> Meters { get; } =
    [
        "ActorStudio*",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
    ];

    /// <summary>Series kept per instrument before the rest are summed into an overflow series.</summary>
    public int MaxSeriesPerInstrument { get; set; } = 2000;
}

namespace ActorStudio.Node.Hosting;

/// <summary>The node's configuration conventions on top of ASP.NET Core's (appsettings, environment, command line).</summary>
public static class StudioConfiguration
{
    /// <summary>Where the node listens when neither <c>--urls</c>, <c>ASPNETCORE_URLS</c>, ports nor Kestrel endpoints say otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>Environment variable naming the data directory (below <c>--data-dir</c>, above <c>Studio__DataDir</c>).</summary>
    public const string DataDirEnvironmentVariable = "STUDIO_DATA_DIR";

    public const string DataDirKey = StudioOptions.SectionName + ":" + nameof(StudioOptions.DataDir);

    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--data-dir"] = DataDirKey,
    };

    /// <summary>
    /// Adds the short aliases <c>STUDIO_DATA_DIR</c> and <c>--data-dir</c>. Added after the default sources so they win
    /// over <c>Studio__DataDir</c>; the command line is added last so it wins over the environment.
    /// </summary>
    public static void AddStudioAliases(this ConfigurationManager configuration, string[] args)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var fromEnvironment = Environment.GetEnvironmentVariable(DataDirEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            configuration.AddInMemoryCollection([new KeyValuePair<string, string?>(DataDirKey, fromEnvironment)]);
        }

        configuration.AddCommandLine(args, SwitchMappings);
    }

    /// <summary>True when something already chose the listening addresses, so the loopback default must stay out of the way.</summary>
    public static bool HasExplicitEndpoints(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
    }

    /// <summary>Publishes the resolved absolute data directory back into configuration for adapters that read it raw.</summary>
    public static void PinDataDirectory(this ConfigurationManager configuration, string absoluteDataDirectory) =>
        configuration.AddInMemoryCollection([new KeyValuePair<string, string?>(DataDirKey, absoluteDataDirectory)]);
}

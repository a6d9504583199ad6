using System.Text.Json;
using Microsoft.Extensions.Logging.Console;

namespace ActorStudio.Node.Hosting;

/// <summary>Console logging: one JSON object per line for log collectors, readable lines for people at a terminal.</summary>
public static class StudioLogging
{
    public static ILoggingBuilder AddStudioConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(configuration);
        var format = configuration[$"{StudioOptions.SectionName}:{nameof(StudioOptions.LogFormat)}"] ?? "auto";
        logging.ClearProviders();
        if (UseJson(format, Console.IsOutputRedirected))
        {
            logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                options.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss ";
                options.IncludeScopes = false;
            });
        }

        return logging;
    }

    /// <summary>Chooses the format; unknown values fall back to auto so a typo never silences the logs.</summary>
    public static bool UseJson(string format, bool outputRedirected) => format.Trim().ToLowerInvariant() switch
    {
        "json" => true,
        "simple" or "text" => false,
        _ => outputRedirected,
    };
}

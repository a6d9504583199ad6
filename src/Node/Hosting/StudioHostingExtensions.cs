using Microsoft.AspNetCore.HttpOverrides;

namespace ActorStudio.Node.Hosting;

/// <summary>The hosting layer every node has, whatever features are plugged in.</summary>
public static class StudioHostingExtensions
{
    /// <summary>
    /// Configuration aliases, the loopback default address, console logging, <see cref="StudioOptions"/> and
    /// <see cref="StudioPaths"/> (data directory created here), problem details and readiness.
    /// </summary>
    public static WebApplicationBuilder AddStudioHosting(this WebApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(args);
        builder.Configuration.AddStudioAliases(args);
        if (!StudioConfiguration.HasExplicitEndpoints(builder.Configuration))
        {
            builder.WebHost.UseUrls(StudioConfiguration.DefaultUrl);
        }

        builder.Logging.AddStudioConsole(builder.Configuration);

        var section = builder.Configuration.GetSection(StudioOptions.SectionName);
        var configured = section.Get<StudioOptions>() ?? new StudioOptions();
        var paths = StudioPaths.Resolve(configured, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        Directory.CreateDirectory(paths.DataDirectory);
        builder.Configuration.PinDataDirectory(paths.DataDirectory);

        builder.Services.AddOptions<StudioOptions>()
            .Bind(section)
            .Validate(static o => o.ReadinessTimeout > TimeSpan.Zero, "Studio:ReadinessTimeout must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton(paths);
        builder.Services.Configure<ForwardedHeadersOptions>(options => TrustProxies(options, configured.TrustedProxies));
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddProblemDetails(static options => options.CustomizeProblemDetails = ProblemDetailsDefaults.Apply);
        builder.Services.AddExceptionHandler<StudioExceptionHandler>();

        builder.Services.AddSingleton<ReadinessProbe>();
        builder.Services.AddReadinessCheck<DataDirectoryReadinessCheck>();
        builder.Services.AddHostedService<StartupAnnouncer>();
        return builder;
    }

    private static void TrustProxies(ForwardedHeadersOptions options, string[] trusted)
    {
        // Loopback stays trusted (ASP.NET Core's default): tests and a sidecar proxy on the same host.
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        foreach (var entry in trusted)
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (System.Net.IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"Studio:TrustedProxies: '{entry}' is neither an IP address nor a CIDR network.");
            }
        }
    }

    /// <summary>Error handling first, then the npm modules and the pages; endpoints come after.</summary>
    public static WebApplication UseStudioHosting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var paths = app.Services.GetRequiredService<StudioPaths>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseVendorModules(paths.NodeModules);
        app.UseStudioPages(paths.WebRoot);
        return app;
    }
}

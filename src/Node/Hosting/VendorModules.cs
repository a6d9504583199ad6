using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace ActorStudio.Node.Hosting;

/// <summary>
/// Serves the page's npm modules under <c>/vendor/{package}/…</c> straight from <c>node_modules</c>, for an
/// allow-list of packages and script/style file types only: the rest of node_modules (server-side tools, their
/// package.json files) is never reachable.
/// </summary>
public static class VendorModules
{
    public const string RequestPrefix = "/vendor";

    /// <summary>The npm packages the pages may import. Adding one is a deliberate code change.</summary>
    public static IReadOnlyList<string> AllowedPackages { get; } = ["@msgpack/msgpack", "livekit-client", "uplot"];

    /// <summary>Content types for files the browser needs; everything else under a package answers 404.</summary>
    public static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings.Clear();
        provider.Mappings[".js"] = "text/javascript; charset=utf-8";
        provider.Mappings[".mjs"] = "text/javascript; charset=utf-8";
        provider.Mappings[".css"] = "text/css; charset=utf-8";
        provider.Mappings[".map"] = "application/json; charset=utf-8";
        return provider;
    }

    public static IApplicationBuilder UseVendorModules(this IApplicationBuilder app, string? nodeModules)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (nodeModules is null)
        {
            return app;
        }

        var contentTypes = CreateContentTypes();
        foreach (var package in AllowedPackages)
        {
            var packageDirectory = Path.Combine(nodeModules, package);
            if (!Directory.Exists(packageDirectory))
            {
                continue;
            }

            // PhysicalFileProvider refuses paths that climb out of its root and hides dot files.
            app.UseStaticFiles(new StaticFileOptions
            {
                RequestPath = $"{RequestPrefix}/{package}",
                FileProvider = new PhysicalFileProvider(packageDirectory),
                ContentTypeProvider = contentTypes,
                ServeUnknownFileTypes = false,
                OnPrepareResponse = static context => context.Context.Response.Headers.CacheControl = "no-cache",
            });
        }

        // Anything else under /vendor ends here, whatever the later middleware would have done with it.
        app.Map(RequestPrefix, static branch => branch.Run(static context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }));
        return app;
    }
}

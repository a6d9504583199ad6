using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace ActorStudio.Node.Hosting;

/// <summary>The vanilla-JS pages from the repository's <c>wwwroot</c>, with <c>index.html</c> as the default document.</summary>
public static class StaticPages
{
    public static IApplicationBuilder UseStudioPages(this IApplicationBuilder app, string? webRoot)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (webRoot is null)
        {
            return app;
        }

        var files = new PhysicalFileProvider(webRoot);
        var contentTypes = new FileExtensionContentTypeProvider();
        contentTypes.Mappings[".mjs"] = "text/javascript; charset=utf-8";
        contentTypes.Mappings[".js"] = "text/javascript; charset=utf-8";
        contentTypes.Mappings[".webmanifest"] = "application/manifest+json";
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = contentTypes,
            // Pages change with every deploy and are small: revalidate rather than cache blindly.
            OnPrepareResponse = static context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}

using ActorStudio.Actors.Ports;
using ActorStudio.Node.Images.Vips;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Images;

/// <summary>Makes the stored thumbnails with libvips' shrink-on-load thumbnail path; metadata is stripped.</summary>
public sealed class Thumbnailer(VipsLibrary vips, IOptions<ThumbnailerOptions> options) : IThumbnailer
{
    private readonly ThumbnailerOptions _options = options.Value;

    public async Task<Thumbnail> CreateAsync(ReadOnlyMemory<byte> source, int maxEdge, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEdge, 1);
        var info = ImageSniffer.Sniff(source.Span)
                   ?? throw new ArgumentException("The bytes are not a PNG, JPEG or WebP image.", nameof(source));
        if (info.Width > _options.MaxSourceEdge || info.Height > _options.MaxSourceEdge)
        {
            throw new ArgumentException($"The image is {info.Width}x{info.Height}; thumbnails accept at most {_options.MaxSourceEdge} px per side.", nameof(source));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var quality = Math.Clamp(_options.Quality, 1, 100);
        var (suffix, contentType) = _options.Format == ImageFormat.Jpeg
            ? ($".jpg[Q={quality},strip,optimize_coding]", "image/jpeg")
            : ($".webp[Q={quality},strip,effort={Math.Clamp(_options.WebPEffort, 0, 6)}]", "image/webp");

        // Decoding and resizing are CPU work: keep them off the caller's (actor's) thread.
        return await Task.Run(
            () =>
            {
                try
                {
                    var encoded = vips.Thumbnail(source.Span, maxEdge, suffix);
                    return new Thumbnail(encoded.Bytes, contentType, encoded.Width, encoded.Height);
                }
                catch (VipsImageException e)
                {
                    throw new ArgumentException(e.Message, nameof(source), e);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }
}

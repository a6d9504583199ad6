using ActorStudio.Node.Images.Vips;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Images;

/// <summary>
/// Checks an uploaded input image (size, sniffed type, pixel dimensions) and strips its metadata by decoding and
/// re-encoding it through libvips in the same format. The declared content type and file name are ignored.
/// </summary>
public sealed class UploadValidator(VipsLibrary vips, IOptions<UploadOptions> options)
{
    private readonly UploadOptions _options = options.Value;

    public async Task<ValidatedUpload> ValidateAsync(ReadOnlyMemory<byte> upload, CancellationToken cancellationToken)
    {
        if (upload.Length > _options.MaxBytes)
        {
            throw new UploadRejectedException(UploadRejectedException.TooLargeCode, $"The image is {upload.Length} bytes; the limit is {_options.MaxBytes}.");
        }

        var info = ImageSniffer.Sniff(upload.Span)
                   ?? throw new UploadRejectedException(UploadRejectedException.UnsupportedTypeCode, "Only PNG, JPEG and WebP images are accepted.");
        if (info.Width > _options.MaxEdge || info.Height > _options.MaxEdge)
        {
            throw new UploadRejectedException(
                UploadRejectedException.DimensionsTooLargeCode, $"The image is {info.Width}x{info.Height}; the limit is {_options.MaxEdge} px per side.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var suffix = info.Format switch
        {
            ImageFormat.Png => ".png[strip]",
            ImageFormat.Jpeg => ".jpg[Q=92,strip]",
            _ => ".webp[Q=90,strip]",
        };
        return await Task.Run(
            () =>
            {
                EncodedImage clean;
                try
                {
                    clean = vips.Reencode(upload.Span, suffix);
                }
                catch (VipsImageException e)
                {
                    throw new UploadRejectedException(UploadRejectedException.CorruptCode, e.Message);
                }

                return new ValidatedUpload(clean.Bytes, info.Format, clean.Width, clean.Height);
            },
            cancellationToken).ConfigureAwait(false);
    }
}

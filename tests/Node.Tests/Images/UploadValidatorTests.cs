using ActorStudio.Node.Images;
using ActorStudio.Node.Images.Vips;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Tests.Images;

public sealed class UploadValidatorTests
{
    private readonly VipsLibrary _vips = new();

    private UploadValidator Create(int maxBytes = 10 * 1024 * 1024) =>
        new(_vips, Options.Create(new UploadOptions { MaxBytes = maxBytes, MaxEdge = 4096 }));

    private static async Task<string> CodeOf(Task task) => (await Assert.ThrowsAsync<UploadRejectedException>(() => task)).Code;

    [Fact]
    public async Task Accepts_png_jpeg_and_webp_and_reports_their_sniffed_type()
    {
        var png = await Create().ValidateAsync(TestImages.Png(200, 100), CancellationToken.None);
        var jpeg = await Create().ValidateAsync(TestImages.Jpeg(_vips, 200, 100), CancellationToken.None);
        var webp = await Create().ValidateAsync(TestImages.WebP(_vips, 200, 100), CancellationToken.None);

        Assert.Equal((ImageFormat.Png, "image/png", 200, 100), (png.Format, png.ContentType, png.Width, png.Height));
        Assert.Equal((ImageFormat.Jpeg, "image/jpeg", 200, 100), (jpeg.Format, jpeg.ContentType, jpeg.Width, jpeg.Height));
        Assert.Equal((ImageFormat.WebP, "image/webp", 200, 100), (webp.Format, webp.ContentType, webp.Width, webp.Height));
        Assert.Equal(new ImageInfo(ImageFormat.Jpeg, 200, 100), ImageSniffer.Sniff(jpeg.Bytes));
    }

    [Fact]
    public async Task Strips_exif_and_comments()
    {
        const string Secret = "GPS-48.8566N-2.3522E-secret";
        var jpeg = TestImages.WithExifAndComment(TestImages.Jpeg(_vips, 320, 240), Secret);
        Assert.True(System.Text.Encoding.ASCII.GetString(jpeg).Contains(Secret, StringComparison.Ordinal));
        Assert.NotNull(ImageSniffer.Sniff(jpeg));

        var clean = await Create().ValidateAsync(jpeg, CancellationToken.None);

        var text = System.Text.Encoding.ASCII.GetString(clean.Bytes);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exif\0\0", text, StringComparison.Ordinal);
        Assert.Equal((320, 240), (clean.Width, clean.Height));
    }

    [Fact]
    public async Task Refuses_uploads_over_the_byte_limit()
    {
        var png = TestImages.Png(300, 300);
        Assert.Equal(UploadRejectedException.TooLargeCode, await CodeOf(Create(maxBytes: png.Length - 1).ValidateAsync(png, CancellationToken.None)));
        Assert.Equal(UploadRejectedException.TooLargeCode, await CodeOf(Create().ValidateAsync(new byte[(10 * 1024 * 1024) + 1], CancellationToken.None)));
    }

    [Fact]
    public async Task Refuses_images_over_4096_px()
    {
        Assert.Equal(UploadRejectedException.DimensionsTooLargeCode, await CodeOf(Create().ValidateAsync(TestImages.Png(4097, 8), CancellationToken.None)));
        Assert.Equal(UploadRejectedException.DimensionsTooLargeCode, await CodeOf(Create().ValidateAsync(TestImages.Png(8, 5000), CancellationToken.None)));
    }

    [Fact]
    public async Task Refuses_text_named_like_an_image_and_unsupported_formats()
    {
        Assert.Equal(UploadRejectedException.UnsupportedTypeCode,
            await CodeOf(Create().ValidateAsync(System.Text.Encoding.UTF8.GetBytes("hello.png is really text"), CancellationToken.None)));
        Assert.Equal(UploadRejectedException.UnsupportedTypeCode,
            await CodeOf(Create().ValidateAsync("GIF89a\x01\0\x01\0"u8.ToArray(), CancellationToken.None)));
    }

    [Fact]
    public async Task Refuses_a_truncated_image_as_corrupt()
    {
        var png = TestImages.Png(256, 256);
        Assert.Equal(UploadRejectedException.CorruptCode, await CodeOf(Create().ValidateAsync(png.AsMemory(0, png.Length / 2), CancellationToken.None)));
    }
}

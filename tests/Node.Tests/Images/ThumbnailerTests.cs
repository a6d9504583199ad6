using ActorStudio.Node.Images;
using ActorStudio.Node.Images.Vips;
using Microsoft.Extensions.Options;

namespace ActorStudio.Node.Tests.Images;

public sealed class ThumbnailerTests
{
    private readonly VipsLibrary _vips = new();

    private Thumbnailer Create(ImageFormat format = ImageFormat.WebP) =>
        new(_vips, Options.Create(new ThumbnailerOptions { Format = format }));

    [Fact]
    public void Libvips_is_installed()
    {
        Assert.True(_vips.IsAvailable, "libvips42 is missing: apt-get install -y libvips42");
        Assert.True(_vips.Version >= 81000, $"libvips {_vips.Version} is too old");
    }

    [Fact]
    public async Task Png_in_gives_a_512_webp_that_libvips_decodes()
    {
        var thumb = await Create().CreateAsync(TestImages.Png(1024, 1024), 512, CancellationToken.None);

        Assert.Equal("image/webp", thumb.ContentType);
        Assert.Equal((512, 512), (thumb.Width, thumb.Height));
        Assert.Equal(new ImageInfo(ImageFormat.WebP, 512, 512), ImageSniffer.Sniff(thumb.Bytes.Span));
        var decoded = _vips.Reencode(thumb.Bytes.Span, ".png");
        Assert.Equal((512, 512), (decoded.Width, decoded.Height));
        Assert.True(thumb.Bytes.Length < 100_000, $"thumbnail is {thumb.Bytes.Length} bytes");
    }

    [Fact]
    public async Task Jpeg_in_keeps_the_aspect_ratio_with_the_long_edge_at_512()
    {
        var thumb = await Create(ImageFormat.Jpeg).CreateAsync(TestImages.Jpeg(_vips, 1344, 768), 512, CancellationToken.None);

        Assert.Equal("image/jpeg", thumb.ContentType);
        Assert.Equal(512, thumb.Width);
        Assert.InRange(thumb.Height, 292, 293);
        var sniffed = ImageSniffer.Sniff(thumb.Bytes.Span);
        Assert.Equal(ImageFormat.Jpeg, sniffed!.Format);
        Assert.Equal((thumb.Width, thumb.Height), (sniffed.Width, sniffed.Height));
    }

    [Fact]
    public async Task Portrait_images_fit_by_height()
    {
        var thumb = await Create().CreateAsync(TestImages.Png(768, 1344), 512, CancellationToken.None);
        Assert.Equal(512, thumb.Height);
        Assert.InRange(thumb.Width, 292, 293);
    }

    [Fact]
    public async Task Small_images_are_not_enlarged()
    {
        var thumb = await Create().CreateAsync(TestImages.Png(64, 48), 512, CancellationToken.None);
        Assert.Equal((64, 48), (thumb.Width, thumb.Height));
    }

    [Fact]
    public async Task Text_pretending_to_be_an_image_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Create().CreateAsync(System.Text.Encoding.UTF8.GetBytes("not an image at all"), 512, CancellationToken.None));
    }

    [Fact]
    public async Task A_truncated_png_is_refused_with_a_clear_error()
    {
        var png = TestImages.Png(256, 256);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Create().CreateAsync(png.AsMemory(0, 100), 512, CancellationToken.None));
        Assert.Contains("libvips", e.Message, StringComparison.Ordinal);
    }
}

using ActorStudio.Node.Images;
using ActorStudio.Node.Images.Vips;

namespace ActorStudio.Node.Tests.Images;

public sealed class ImageSnifferTests
{
    private readonly VipsLibrary _vips = new();

    [Fact]
    public void Reads_format_and_size_of_png_jpeg_and_webp()
    {
        Assert.Equal(new ImageInfo(ImageFormat.Png, 300, 200), ImageSniffer.Sniff(TestImages.Png(300, 200)));
        Assert.Equal(new ImageInfo(ImageFormat.Jpeg, 301, 199), ImageSniffer.Sniff(TestImages.Jpeg(_vips, 301, 199)));
        Assert.Equal(new ImageInfo(ImageFormat.WebP, 257, 130), ImageSniffer.Sniff(TestImages.WebP(_vips, 257, 130)));
        var lossless = _vips.Reencode(TestImages.Png(90, 40), ".webp[lossless]").Bytes;
        Assert.Equal(new ImageInfo(ImageFormat.WebP, 90, 40), ImageSniffer.Sniff(lossless));
    }

    [Theory]
    [InlineData("this is a text file pretending to be a png")]
    [InlineData("")]
    [InlineData("GIF89a")]
    [InlineData("<svg xmlns='http://www.w3.org/2000/svg'/>")]
    public void Rejects_lies_and_other_formats(string text)
    {
        Assert.Null(ImageSniffer.Sniff(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Rejects_a_png_signature_followed_by_garbage()
    {
        byte[] fake = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "hello world, no IHDR here"u8];
        Assert.Null(ImageSniffer.Sniff(fake));
    }
}

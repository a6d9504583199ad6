using ActorStudio.Node.Images.Local;
using ActorStudio.Node.Images.Vips;

namespace ActorStudio.Node.Tests.Images;

/// <summary>Real encoded pictures for the image tests: PNGs from the renderer, JPEG/WebP made from them by libvips.</summary>
internal static class TestImages
{
    public static byte[] Png(int width, int height, ulong seed = 7)
    {
        var rgb = new byte[width * height * 3];
        PictureRenderer.Render(seed, width, height, rgb);
        return PngEncoder.EncodeRgb(rgb, width, height);
    }

    public static byte[] Jpeg(VipsLibrary vips, int width, int height) => vips.Reencode(Png(width, height), ".jpg[Q=90]").Bytes;

    public static byte[] WebP(VipsLibrary vips, int width, int height) => vips.Reencode(Png(width, height), ".webp[Q=85]").Bytes;

    /// <summary>Inserts an EXIF APP1 segment and a comment right after the JPEG's SOI marker.</summary>
    public static byte[] WithExifAndComment(byte[] jpeg, string secret)
    {
        var exifBody = new List<byte>();
        exifBody.AddRange("Exif\0\0"u8.ToArray());
        exifBody.AddRange([0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00]); // big-endian TIFF, zero IFD entries
        exifBody.AddRange(System.Text.Encoding.ASCII.GetBytes(secret));
        var comment = System.Text.Encoding.ASCII.GetBytes(secret);

        var output = new List<byte> { 0xFF, 0xD8 };
        output.AddRange([0xFF, 0xE1, (byte)((exifBody.Count + 2) >> 8), (byte)(exifBody.Count + 2)]);
        output.AddRange(exifBody);
        output.AddRange([0xFF, 0xFE, (byte)((comment.Length + 2) >> 8), (byte)(comment.Length + 2)]);
        output.AddRange(comment);
        output.AddRange(jpeg.AsSpan(2).ToArray());
        return [.. output];
    }
}

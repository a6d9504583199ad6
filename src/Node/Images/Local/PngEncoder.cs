using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace ActorStudio.Node.Images.Local;

/// <summary>
/// Minimal PNG writer for 8-bit RGB pixels: IHDR, one IDAT compressed with zlib, IEND.
/// Each row uses the Sub filter, which turns smooth gradients into near-zero runs that the fastest
/// deflate level still squeezes well.
/// </summary>
internal static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <param name="rgb">Row-major pixels, 3 bytes per pixel, no padding.</param>
    public static byte[] EncodeRgb(ReadOnlySpan<byte> rgb, int width, int height, CompressionLevel level = CompressionLevel.Fastest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var stride = width * 3;
        if (rgb.Length != stride * height)
        {
            throw new ArgumentException($"Expected {stride * height} bytes for {width}x{height} RGB, got {rgb.Length}.", nameof(rgb));
        }

        using var idat = new MemoryStream(stride * height / 4);
        var row = ArrayPool<byte>.Shared.Rent(stride + 1);
        try
        {
            using (var zlib = new ZLibStream(idat, level, leaveOpen: true))
            {
                for (var y = 0; y < height; y++)
                {
                    var src = rgb.Slice(y * stride, stride);
                    row[0] = 1; // filter type Sub
                    src[..3].CopyTo(row.AsSpan(1));
                    for (var i = 3; i < stride; i++)
                    {
                        row[i + 1] = (byte)(src[i] - src[i - 3]);
                    }

                    zlib.Write(row, 0, stride + 1);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(row);
        }

        var compressed = idat.GetBuffer().AsSpan(0, (int)idat.Length);
        var output = new byte[Signature.Length + (12 + 13) + (12 + compressed.Length) + 12];
        var span = output.AsSpan();
        Signature.CopyTo(span);
        var offset = Signature.Length;

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // colour type RGB
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        offset += WriteChunk(span[offset..], "IHDR"u8, header);
        offset += WriteChunk(span[offset..], "IDAT"u8, compressed);
        offset += WriteChunk(span[offset..], "IEND"u8, []);
        return offset == output.Length ? output : throw new InvalidOperationException("PNG length mismatch.");
    }

    private static int WriteChunk(Span<byte> destination, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, data.Length);
        type.CopyTo(destination[4..]);
        data.CopyTo(destination[8..]);
        var crc = Crc32.Instance.Compute(type, data);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(8 + data.Length)..], crc);
        return 12 + data.Length;
    }
}

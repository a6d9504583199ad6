using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ActorStudio.Node.Images.Local;

/// <summary>
/// Draws a deterministic abstract picture from a prompt, a seed and a variant: a tilted two-colour gradient,
/// soft glowing blobs, thin rings, interference bands and fine grain, all derived from a SHA-256 of the inputs.
/// Same inputs, same pixels; change any input and the composition, palette and shapes change.
/// </summary>
internal static class PictureRenderer
{
    private const int BlobCount = 7;
    private const int RingCount = 3;

    public static ulong DeriveSeed(string prompt, long seed, int variant, ReadOnlySpan<byte> sourceImage)
    {
        var promptBytes = Encoding.UTF8.GetBytes(prompt);
        var buffer = new byte[promptBytes.Length + 12 + 32];
        promptBytes.CopyTo(buffer, 0);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(promptBytes.Length), seed);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(promptBytes.Length + 8), variant);
        if (!sourceImage.IsEmpty)
        {
            // Iterating from an image changes the picture too, as an edit would.
            SHA256.HashData(sourceImage, buffer.AsSpan(promptBytes.Length + 12));
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer, hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }

    /// <summary>Renders row-major RGB (3 bytes per pixel) into <paramref name="rgb"/>, reporting rows done.</summary>
    public static void Render(ulong seed, int width, int height, Span<byte> rgb, Action<int>? rowsDone = null)
    {
        var random = new SplitMix64(seed);
        var baseHue = random.NextFloat();
        var scheme = random.NextInt(3); // analogous, complementary, triadic
        var hueStep = scheme switch { 0 => 0.08f, 1 => 0.5f, _ => 1f / 3f };

        Span<float> palette = stackalloc float[6 * 3];
        for (var i = 0; i < 6; i++)
        {
            var hue = baseHue + (hueStep * i) + (random.NextFloat() * 0.05f);
            var saturation = 0.45f + (random.NextFloat() * 0.5f);
            var value = i < 2 ? 0.25f + (random.NextFloat() * 0.45f) : 0.6f + (random.NextFloat() * 0.4f);
            HsvToRgb(hue, saturation, value, out palette[i * 3], out palette[(i * 3) + 1], out palette[(i * 3) + 2]);
        }

        var angle = random.NextFloat() * MathF.PI * 2;
        var gx = MathF.Cos(angle) / width;
        var gy = MathF.Sin(angle) / height;
        var gOffset = (MathF.Abs(MathF.Cos(angle)) + MathF.Abs(MathF.Sin(angle))) / 2;

        var minSide = Math.Min(width, height);
        Span<float> blobs = stackalloc float[BlobCount * 7]; // cx, cy, r^-2, strength, r, g, b
        for (var i = 0; i < BlobCount; i++)
        {
            var radius = minSide * (0.12f + (random.NextFloat() * 0.45f));
            var colour = 2 + random.NextInt(4);
            blobs[(i * 7) + 0] = random.NextFloat() * width;
            blobs[(i * 7) + 1] = random.NextFloat() * height;
            blobs[(i * 7) + 2] = 1f / (radius * radius);
            blobs[(i * 7) + 3] = 0.35f + (random.NextFloat() * 0.6f);
            blobs[(i * 7) + 4] = palette[colour * 3];
            blobs[(i * 7) + 5] = palette[(colour * 3) + 1];
            blobs[(i * 7) + 6] = palette[(colour * 3) + 2];
        }

        Span<float> rings = stackalloc float[RingCount * 4]; // cx, cy, radius, 1/width
        for (var i = 0; i < RingCount; i++)
        {
            rings[(i * 4) + 0] = random.NextFloat() * width;
            rings[(i * 4) + 1] = random.NextFloat() * height;
            rings[(i * 4) + 2] = minSide * (0.1f + (random.NextFloat() * 0.4f));
            rings[(i * 4) + 3] = 1f / (minSide * (0.004f + (random.NextFloat() * 0.01f)));
        }

        var waveFx = ((random.NextFloat() * 2) - 1) * 24f / width;
        var waveFy = ((random.NextFloat() * 2) - 1) * 24f / height;
        var wavePhase = random.NextFloat() * MathF.PI * 2;
        var waveAmp = 0.04f + (random.NextFloat() * 0.08f);
        var grainSeed = (uint)(seed >> 32);

        Span<float> blobDy2 = stackalloc float[BlobCount];
        Span<float> ringDy2 = stackalloc float[RingCount];
        var stride = width * 3;
        for (var y = 0; y < height; y++)
        {
            for (var i = 0; i < BlobCount; i++)
            {
                var dy = y - blobs[(i * 7) + 1];
                blobDy2[i] = dy * dy;
            }

            for (var i = 0; i < RingCount; i++)
            {
                var dy = y - rings[(i * 4) + 1];
                ringDy2[i] = dy * dy;
            }

            var row = rgb.Slice(y * stride, stride);
            for (var x = 0; x < width; x++)
            {
                var t = Math.Clamp((x * gx) + (y * gy) + gOffset, 0f, 1f);
                var r = palette[0] + ((palette[3] - palette[0]) * t);
                var g = palette[1] + ((palette[4] - palette[1]) * t);
                var b = palette[2] + ((palette[5] - palette[2]) * t);

                for (var i = 0; i < BlobCount; i++)
                {
                    var o = i * 7;
                    var dx = x - blobs[o];
                    var falloff = 1f - (((dx * dx) + blobDy2[i]) * blobs[o + 2]);
                    if (falloff > 0)
                    {
                        var a = falloff * falloff * blobs[o + 3];
                        r += (blobs[o + 4] - r) * a;
                        g += (blobs[o + 5] - g) * a;
                        b += (blobs[o + 6] - b) * a;
                    }
                }

                for (var i = 0; i < RingCount; i++)
                {
                    var o = i * 4;
                    var dx = x - rings[o];
                    var distance = MathF.Abs(MathF.Sqrt((dx * dx) + ringDy2[i]) - rings[o + 2]) * rings[o + 3];
                    if (distance < 3f)
                    {
                        var a = (1f - (distance / 3f)) * 0.55f;
                        r += (1f - r) * a;
                        g += (1f - g) * a;
                        b += (1f - b) * a;
                    }
                }

                var shade = 1f + (waveAmp * MathF.Sin((x * waveFx) + (y * waveFy) + wavePhase));
                var grain = ((Hash((uint)x, (uint)y, grainSeed) & 0xFF) - 127.5f) * (0.035f / 127.5f);
                var p = x * 3;
                row[p] = ToByte((r * shade) + grain);
                row[p + 1] = ToByte((g * shade) + grain);
                row[p + 2] = ToByte((b * shade) + grain);
            }

            rowsDone?.Invoke(y + 1);
        }
    }

    private static byte ToByte(float v) => (byte)Math.Clamp((int)((v * 255f) + 0.5f), 0, 255);

    private static uint Hash(uint x, uint y, uint seed)
    {
        var h = (x * 0x9E3779B1u) ^ (y * 0x85EBCA77u) ^ seed;
        h ^= h >> 15;
        h *= 0x2C1B3C6Du;
        h ^= h >> 12;
        return h;
    }

    private static void HsvToRgb(float h, float s, float v, out float r, out float g, out float b)
    {
        h -= MathF.Floor(h);
        var i = (int)(h * 6);
        var f = (h * 6) - i;
        var p = v * (1 - s);
        var q = v * (1 - (f * s));
        var t = v * (1 - ((1 - f) * s));
        (r, g, b) = (i % 6) switch
        {
            0 => (v, t, p),
            1 => (q, v, p),
            2 => (p, v, t),
            3 => (p, q, v),
            4 => (t, p, v),
            _ => (v, p, q),
        };
    }

    /// <summary>Small, fast, well-mixed deterministic generator (Vigna's SplitMix64).</summary>
    private struct SplitMix64(ulong state)
    {
        private ulong _state = state;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public float NextFloat() => (Next() >> 40) / (float)(1 << 24);

        public int NextInt(int exclusiveMax) => (int)(Next() % (ulong)exclusiveMax);
    }
}

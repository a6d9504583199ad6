namespace ActorStudio.Node.Images.Local;

/// <summary>CRC-32 (IEEE 802.3, reflected 0xEDB88320) for PNG chunks; System.IO.Hashing is not in the package copy.</summary>
internal sealed class Crc32
{
    private readonly uint[] _table = BuildTable();

    public static Crc32 Instance { get; } = new();

    public uint Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var crc = Update(0xFFFFFFFFu, first);
        crc = Update(crc, second);
        return crc ^ 0xFFFFFFFFu;
    }

    private uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        var table = _table;
        foreach (var b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}

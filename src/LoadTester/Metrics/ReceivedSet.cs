namespace ActorStudio.LoadTester.Metrics;

/// <summary>
/// Which message ids one recipient has seen: a growable bitset, so every delivery is classified
/// as first receipt or duplicate exactly, with one bit per message and no allocation per delivery.
/// Single writer (the participant's receive loop).
/// </summary>
public sealed class ReceivedSet
{
    private ulong[] _bits = new ulong[16];

    public long Distinct { get; private set; }

    public long Duplicates { get; private set; }

    /// <summary>Marks <paramref name="id"/> as received; true the first time, false for a duplicate.</summary>
    public bool Mark(long id)
    {
        if (id < 0)
        {
            return false;
        }

        long word = id >> 6;
        if (word >= _bits.Length)
        {
            long size = _bits.Length;
            while (size <= word)
            {
                size *= 2;
            }

            Array.Resize(ref _bits, (int)size);
        }

        ulong mask = 1UL << (int)(id & 63);
        if ((_bits[word] & mask) != 0)
        {
            Duplicates++;
            return false;
        }

        _bits[word] |= mask;
        Distinct++;
        return true;
    }

    public bool Contains(long id) =>
        id >= 0 && (id >> 6) < _bits.Length && (_bits[id >> 6] & (1UL << (int)(id & 63))) != 0;
}

using System.Runtime.InteropServices;

namespace ActorStudio.Node.Persistence;

/// <summary>Hands the drivers (which want byte[]) the payload's own array when it is exactly that array, else a copy.</summary>
internal static class PayloadArrays
{
    public static byte[] AsArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();
}

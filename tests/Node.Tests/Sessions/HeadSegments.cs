using System.Buffers;

namespace ActorStudio.Node.Tests.Sessions;

/// <summary>Bytes cut into a multi-segment <see cref="ReadOnlySequence{T}"/> at chosen offsets, as a pipe might hold them.</summary>
internal sealed class HeadSegments : ReadOnlySequenceSegment<byte>
{
    private HeadSegments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var bounds = cuts.Where(c => c > 0 && c < data.Length).Distinct().Order().Append(data.Length).ToArray();
        var first = new HeadSegments(data.AsMemory(0, bounds[0]), 0);
        var last = first;
        for (var i = 1; i < bounds.Length; i++)
        {
            var next = new HeadSegments(data.AsMemory(bounds[i - 1], bounds[i] - bounds[i - 1]), bounds[i - 1]);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}

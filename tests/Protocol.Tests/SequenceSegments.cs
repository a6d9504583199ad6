using System.Buffers;

namespace ActorStudio.Protocol.Tests;

/// <summary>Splits bytes into a multi-segment <see cref="ReadOnlySequence{T}"/>, as a pipe might deliver them.</summary>
internal sealed class SequenceSegments : ReadOnlySequenceSegment<byte>
{
    private SequenceSegments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(byte[] data, int segmentLength)
    {
        var first = new SequenceSegments(data.AsMemory(0, Math.Min(segmentLength, data.Length)), 0);
        var last = first;
        for (var offset = segmentLength; offset < data.Length; offset += segmentLength)
        {
            var next = new SequenceSegments(data.AsMemory(offset, Math.Min(segmentLength, data.Length - offset)), offset);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}

using ActorStudio.Protocol.Frames;
using ActorStudio.Protocol.Messages;
using BenchmarkDotNet.Attributes;

namespace ActorStudio.Benchmarks.Protocol;

/// <summary>Encodes and decodes the frame a busy room sends most: a batch of 20 chat messages.</summary>
[MemoryDiagnoser]
public class ChatBatchBenchmarks
{
    private readonly ServerMessage[] _batch = new ServerMessage[20];
    private readonly List<ServerMessage> _decoded = new(20);
    private PooledBufferWriter _output = null!;
    private byte[] _encoded = [];

    [GlobalSetup]
    public void Setup()
    {
        var sentAt = new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < _batch.Length; i++)
        {
            _batch[i] = new ChatMessage(
                Seq: 10_000 + i,
                MessageId: $"msg_{i:D6}_k3J9xQ2",
                ParticipantId: $"p_{i % 7:D4}_Zm81",
                DisplayName: "Participant " + (i % 7),
                Role: i % 7 == 0 ? Role.Host : Role.Collaborator,
                Kind: ChatMessageKind.User,
                Text: "That last variant with the warm light is great, can you star it? 🙂 #" + i,
                SentAt: sentAt.AddMilliseconds(i * 137),
                CommandId: $"c-{i:D8}");
        }

        _output = new PooledBufferWriter(8192);
        FrameWriter.WriteBatch(_output, _batch);
        _encoded = _output.WrittenSpan.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    [Benchmark]
    public int EncodeBatchOf20Chat()
    {
        _output.Reset();
        FrameWriter.WriteBatch(_output, _batch);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int DecodeBatchOf20Chat()
    {
        _decoded.Clear();
        FrameReader.ReadServerFrame(_encoded, _decoded);
        return _decoded.Count;
    }
}

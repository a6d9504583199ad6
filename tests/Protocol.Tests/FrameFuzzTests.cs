using ActorStudio.Protocol.Frames;
using ActorStudio.Protocol.MessagePack;
using ActorStudio.Protocol.Messages;
using Xunit.Abstractions;

namespace ActorStudio.Protocol.Tests;

/// <summary>
/// A million hostile frames through the readers: truncations, flipped bytes, lying lengths, deep nesting, huge declared
/// sizes, random bytes. Only <see cref="ProtocolException"/> may come out, each with a defined code, and no frame may
/// make the reader allocate beyond what its own size and the limits allow.
/// </summary>
public sealed class FrameFuzzTests(ITestOutputHelper output)
{
    private const int FrameCount = 1_000_000;

    // Decoding allocates records and strings proportional to the frame (UTF-16 strings are at most 2x their UTF-8
    // bytes, records and arrays a few words per element, each element at least one byte), plus one exception with its
    // message and stack trace for a refused frame. Anything that scales with a *declared* size instead would blow this.
    private const int AllocationPerFrameByte = 24;
    private const int AllocationFixedAllowance = 16 * 1024;

    private static readonly byte[][] HugeHeaders =
    [
        [0xdb, 0xff, 0xff, 0xff, 0xff], // str32 of 4 GiB
        [0xda, 0xff, 0xff], // str16 of 64 KiB
        [0xd9, 0xff], // str8 of 255
        [0xc6, 0xff, 0xff, 0xff, 0xff], // bin32
        [0xc5, 0xff, 0xff], // bin16
        [0xdd, 0x7f, 0xff, 0xff, 0xff], // array32 of 2^31-1
        [0xdd, 0xff, 0xff, 0xff, 0xff], // array32 of 2^32-1
        [0xdc, 0xff, 0xff], // array16 of 65535
        [0xdf, 0xff, 0xff, 0xff, 0xff], // map32
        [0xde, 0xff, 0xff], // map16
        [0xc9, 0x7f, 0xff, 0xff, 0xff, 0x01], // ext32
        [0xc8, 0xff, 0xff, 0x01], // ext16
        [0xc7, 0x0c, 0xff], // ext8 timestamp with 12 bytes claimed
        [0xd7, 0xff], // fixext8 timestamp
        [0xcf, 0xff], // uint64 truncated
        [0xc1], // never used
    ];

    [Fact]
    public void AMillionHostileFramesOnlyEverRaiseProtocolExceptionsWithinAllocationBounds()
    {
        var samples = EncodeSamples();
        var random = new Random(20261122);
        var buffer = new byte[ProtocolLimits.MaxClientFrameBytes + 1024];
        var serverSideReading = MessagePackReaderOptions.ClientFrames;
        var outputs = new List<ServerMessage>(64);

        var refusedByCode = new int[Enum.GetValues<ProtocolErrorCode>().Length + 1];
        var accepted = 0;
        long worstExcess = long.MinValue;
        long mostAllocated = 0;
        var worstFrame = string.Empty;

        for (var n = 0; n < FrameCount; n++)
        {
            var length = Mutate(random, samples, buffer);
            var frame = buffer.AsSpan(0, length);
            var kind = n % 3;

            var before = GC.GetAllocatedBytesForCurrentThread();
            ProtocolException? refused = null;
            try
            {
                switch (kind)
                {
                    case 0:
                        FrameReader.ReadClientCommand(frame, serverSideReading);
                        break;
                    case 1:
                        outputs.Clear();
                        FrameReader.ReadServerFrame(frame, outputs, serverSideReading);
                        break;
                    default:
                        var reader = new MessagePackReader(frame, serverSideReading);
                        reader.Skip();
                        break;
                }
            }
            catch (ProtocolException ex)
            {
                refused = ex;
            }
            catch (Exception ex)
            {
                Assert.Fail($"Frame {n} ({kind}) raised {ex.GetType().Name}: {ex.Message}\n{Convert.ToHexString(frame[..Math.Min(length, 256)])}");
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var allowed = ((long)Math.Min(length, serverSideReading.MaxFrameBytes) * AllocationPerFrameByte) + AllocationFixedAllowance;
            mostAllocated = Math.Max(mostAllocated, allocated);
            if (allocated - allowed > worstExcess)
            {
                worstExcess = allocated - allowed;
                worstFrame = $"frame {n} ({length} bytes, kind {kind}) allocated {allocated} B, allowed {allowed} B: {Convert.ToHexString(frame[..Math.Min(length, 64)])}";
            }

            if (refused is null)
            {
                accepted++;
                continue;
            }

            Assert.True(Enum.IsDefined(refused.Code), $"undefined code {refused.Code}");
            Assert.False(string.IsNullOrEmpty(refused.WireCode));
            refusedByCode[(int)refused.Code]++;
        }

        output.WriteLine($"{FrameCount:N0} frames: {accepted:N0} accepted, {FrameCount - accepted:N0} refused; most allocated by one frame: {mostAllocated:N0} B");
        for (var code = 1; code < refusedByCode.Length; code++)
        {
            output.WriteLine($"  {(ProtocolErrorCode)code}: {refusedByCode[code]:N0}");
        }

        Assert.True(worstExcess <= 0, "allocation bound exceeded by " + worstFrame);

        // The mutations must actually reach the interesting failures, not just one of them.
        Assert.True(accepted > FrameCount / 50, $"only {accepted} frames were valid: the generator is broken");
        foreach (var code in new[]
        {
            ProtocolErrorCode.Truncated, ProtocolErrorCode.FrameTooLarge, ProtocolErrorCode.StringTooLong,
            ProtocolErrorCode.CollectionTooLarge, ProtocolErrorCode.DepthExceeded, ProtocolErrorCode.UnexpectedType,
            ProtocolErrorCode.InvalidUtf8, ProtocolErrorCode.ReservedCode, ProtocolErrorCode.UnknownMessageType,
            ProtocolErrorCode.InvalidField, ProtocolErrorCode.MalformedFrame, ProtocolErrorCode.InvalidTimestamp,
        })
        {
            Assert.True(refusedByCode[(int)code] > 0, $"no frame was refused with {code}");
        }
    }

    private static byte[][] EncodeSamples()
    {
        var samples = new List<byte[]>();
        using var output = new PooledBufferWriter();
        foreach (var (_, command) in ProtocolSamples.Commands)
        {
            output.Reset();
            FrameWriter.WriteClientCommand(output, command);
            samples.Add(output.WrittenSpan.ToArray());
        }

        foreach (var (_, message) in ProtocolSamples.Messages)
        {
            output.Reset();
            FrameWriter.WriteServerMessage(output, message);
            if (output.WrittenCount < ProtocolLimits.MaxClientFrameBytes)
            {
                samples.Add(output.WrittenSpan.ToArray());
            }
        }

        output.Reset();
        FrameWriter.WriteBatch(output, ProtocolSamples.Messages.Select(m => m.Message).Where(m => m is not Welcome).Take(12).ToArray());
        samples.Add(output.WrittenSpan.ToArray());
        return samples.ToArray();
    }

    /// <summary>Writes one hostile (or, sometimes, valid) frame into <paramref name="buffer"/> and returns its length.</summary>
    private static int Mutate(Random random, byte[][] samples, byte[] buffer)
    {
        var sample = samples[random.Next(samples.Length)];
        var length = sample.Length;
        sample.CopyTo(buffer, 0);
        switch (random.Next(10))
        {
            case 0: // valid, untouched
                return length;
            case 1: // truncated
                return random.Next(length);
            case 2: // a few flipped bytes
                for (var i = random.Next(1, 5); i > 0; i--)
                {
                    buffer[random.Next(length)] = (byte)random.Next(256);
                }

                return length;
            case 3: // random bytes
                length = random.Next(65);
                random.NextBytes(buffer.AsSpan(0, length));
                return length;
            case 4: // a lying length somewhere inside a valid frame
            {
                var header = HugeHeaders[random.Next(HugeHeaders.Length)];
                var at = random.Next(length);
                header.CopyTo(buffer, at);
                return Math.Max(length, at + header.Length);
            }

            case 5: // deep nesting, either bare or as an extra trailing field of a valid command
            {
                var depth = random.Next(1, 300);
                var start = 0;
                if (random.Next(2) == 0)
                {
                    buffer[0] = 0x93; // [Ping, clientTime, <nested>]
                    buffer[1] = (byte)MessageType.Ping;
                    buffer[2] = 0x05;
                    start = 3;
                }

                var useMaps = random.Next(2) == 0;
                for (var i = 0; i < depth; i++)
                {
                    if (useMaps)
                    {
                        buffer[start++] = 0x81;
                        buffer[start++] = 0x00;
                    }
                    else
                    {
                        buffer[start++] = 0x91;
                    }
                }

                buffer[start++] = 0xc0;
                return start;
            }

            case 6: // one byte inserted or deleted
            {
                var at = random.Next(length);
                if (random.Next(2) == 0)
                {
                    Array.Copy(buffer, at, buffer, at + 1, length - at);
                    buffer[at] = (byte)random.Next(256);
                    return length + 1;
                }

                Array.Copy(buffer, at + 1, buffer, at, length - at - 1);
                return length - 1;
            }

            case 7: // two frames glued together: trailing bytes
            {
                var second = samples[random.Next(samples.Length)];
                second.CopyTo(buffer, length);
                return length + second.Length;
            }

            case 8: // invalid UTF-8 or a bad timestamp inside a string/ext position
            {
                var at = random.Next(length);
                if (random.Next(2) == 0)
                {
                    buffer[at] = 0xa2;
                    buffer[Math.Min(at + 1, buffer.Length - 1)] = 0xc3;
                    buffer[Math.Min(at + 2, buffer.Length - 1)] = 0x28;
                }
                else
                {
                    ReadOnlySpan<byte> badTimestamp = [0xd7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
                    badTimestamp.CopyTo(buffer.AsSpan(at));
                    return Math.Max(length, at + badTimestamp.Length);
                }

                return Math.Max(length, at + 3);
            }

            default: // valid shape, wrong values: field types swapped, enum out of range, or an oversized frame
                if (random.Next(200) == 0)
                {
                    length = ProtocolLimits.MaxClientFrameBytes + 1 + random.Next(512);
                    random.NextBytes(buffer.AsSpan(0, length));
                    return length;
                }

                for (var i = 1; i < length; i++)
                {
                    if (buffer[i] < 0x80 && random.Next(3) == 0)
                    {
                        buffer[i] = (byte)random.Next(0x80);
                    }
                }

                return length;
        }
    }
}

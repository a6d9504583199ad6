using ActorStudio.Actors.Sessions.Events;
using ActorStudio.Protocol.MessagePack;

namespace ActorStudio.Actors.Generation.Events;

/// <summary>Journal layouts of the generation and shared-stream events (schema v1 each). Field order is the contract.</summary>
internal static class GenerationEventCodecs
{
    public sealed class Requested : SessionEventCodec<GenerationRequested>
    {
        public override string Name => "generation.requested";

        public override int Version => GenerationRequested.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, GenerationRequested e)
        {
            w.WriteArrayHeader(12);
            w.Write(e.GenerationId);
            w.Write(e.ByParticipantId);
            w.Write(e.Prompt);
            w.Write(e.AspectRatio);
            w.Write(e.Width);
            w.Write(e.Height);
            w.Write(e.Seed);
            w.Write(e.SourceImageId);
            w.Write(e.ParentGenerationId);
            w.WriteArrayHeader(e.ImageIds.Count);
            foreach (var id in e.ImageIds)
            {
                w.Write(id);
            }

            w.Write(e.CommandId);
            w.Write(e.At);
        }

        protected override GenerationRequested Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            var generationId = r.ReadString();
            var by = r.ReadString();
            var prompt = r.ReadString();
            var aspect = r.ReadString();
            var width = r.ReadInt32();
            var height = r.ReadInt32();
            var seed = r.ReadInt64();
            var source = r.ReadNullableString();
            var parent = r.ReadNullableString();
            var count = r.ReadArrayHeader();
            var ids = new string[count];
            for (var i = 0; i < count; i++)
            {
                ids[i] = r.ReadString();
            }

            return new GenerationRequested(generationId, by, prompt, aspect, width, height, seed, source, parent, ids, r.ReadNullableString(), r.ReadTimestamp());
        }
    }

    public sealed class Started : SessionEventCodec<VariantStarted>
    {
        public override string Name => "generation.variant-started";

        public override int Version => VariantStarted.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, VariantStarted e)
        {
            w.WriteArrayHeader(4);
            w.Write(e.GenerationId);
            w.Write(e.VariantIndex);
            w.Write(e.ImageId);
            w.Write(e.At);
        }

        protected override VariantStarted Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new VariantStarted(r.ReadString(), r.ReadInt32(), r.ReadString(), r.ReadTimestamp());
        }
    }

    public sealed class Stored : SessionEventCodec<VariantStored>
    {
        public override string Name => "generation.variant-stored";

        public override int Version => VariantStored.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, VariantStored e)
        {
            w.WriteArrayHeader(13);
            w.Write(e.GenerationId);
            w.Write(e.VariantIndex);
            w.Write(e.ImageId);
            w.Write(e.Width);
            w.Write(e.Height);
            w.Write(e.Bytes);
            w.Write(e.OriginalKey);
            w.Write(e.OriginalContentType);
            w.Write(e.ThumbnailKey);
            w.Write(e.ThumbnailContentType);
            w.Write(e.ThumbnailBytes);
            w.Write(e.Model);
            w.Write(e.At);
        }

        protected override VariantStored Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new VariantStored(
                r.ReadString(), r.ReadInt32(), r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadInt64(),
                r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadString(), r.ReadTimestamp());
        }
    }

    public sealed class Failed : SessionEventCodec<VariantFailed>
    {
        public override string Name => "generation.variant-failed";

        public override int Version => VariantFailed.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, VariantFailed e)
        {
            w.WriteArrayHeader(8);
            w.Write(e.GenerationId);
            w.Write(e.VariantIndex);
            w.Write(e.ImageId);
            w.Write(e.Reason);
            w.Write(e.Retryable);
            if (e.RetryAfterMs is { } ms)
            {
                w.Write(ms);
            }
            else
            {
                w.WriteNil();
            }

            w.Write(e.Message);
            w.Write(e.At);
        }

        protected override VariantFailed Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            var generationId = r.ReadString();
            var index = r.ReadInt32();
            var imageId = r.ReadString();
            var reason = r.ReadString();
            var retryable = r.ReadBoolean();
            long? retryAfter = r.TryReadNil() ? null : r.ReadInt64();
            return new VariantFailed(generationId, index, imageId, reason, retryable, retryAfter, r.ReadString(), r.ReadTimestamp());
        }
    }

    public sealed class Retried : SessionEventCodec<VariantRetried>
    {
        public override string Name => "generation.variant-retried";

        public override int Version => VariantRetried.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, VariantRetried e)
        {
            w.WriteArrayHeader(6);
            w.Write(e.GenerationId);
            w.Write(e.VariantIndex);
            w.Write(e.ImageId);
            w.Write(e.ByParticipantId);
            w.Write(e.CommandId);
            w.Write(e.At);
        }

        protected override VariantRetried Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new VariantRetried(r.ReadString(), r.ReadInt32(), r.ReadString(), r.ReadString(), r.ReadNullableString(), r.ReadTimestamp());
        }
    }

    public sealed class Completed : SessionEventCodec<GenerationCompleted>
    {
        public override string Name => "generation.completed";

        public override int Version => GenerationCompleted.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, GenerationCompleted e)
        {
            w.WriteArrayHeader(4);
            w.Write(e.GenerationId);
            w.Write(e.StoredCount);
            w.Write(e.FailedCount);
            w.Write(e.At);
        }

        protected override GenerationCompleted Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new GenerationCompleted(r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadTimestamp());
        }
    }

    public sealed class Uploaded : SessionEventCodec<ImageUploaded>
    {
        public override string Name => "generation.image-uploaded";

        public override int Version => ImageUploaded.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, ImageUploaded e)
        {
            w.WriteArrayHeader(8);
            w.Write(e.ImageId);
            w.Write(e.ByParticipantId);
            w.Write(e.Key);
            w.Write(e.ContentType);
            w.Write(e.Width);
            w.Write(e.Height);
            w.Write(e.Bytes);
            w.Write(e.At);
        }

        protected override ImageUploaded Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new ImageUploaded(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadInt64(), r.ReadTimestamp());
        }
    }

    public sealed class Shared : SessionEventCodec<ImageShared>
    {
        public override string Name => "stream.shared";

        public override int Version => ImageShared.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, ImageShared e)
        {
            w.WriteArrayHeader(5);
            w.Write(e.ItemId);
            w.Write(e.ImageId);
            w.Write(e.ByParticipantId);
            w.Write(e.CommandId);
            w.Write(e.At);
        }

        protected override ImageShared Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new ImageShared(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadNullableString(), r.ReadTimestamp());
        }
    }

    public sealed class Unshared : SessionEventCodec<ImageUnshared>
    {
        public override string Name => "stream.unshared";

        public override int Version => ImageUnshared.SchemaVersion;

        protected override void Write(ref MessagePackWriter w, ImageUnshared e)
        {
            w.WriteArrayHeader(5);
            w.Write(e.ItemId);
            w.Write(e.ByParticipantId);
            w.Write(e.ByHost);
            w.Write(e.CommandId);
            w.Write(e.At);
        }

        protected override ImageUnshared Read(ref MessagePackReader r, int version)
        {
            r.ReadArrayHeader();
            return new ImageUnshared(r.ReadString(), r.ReadString(), r.ReadBoolean(), r.ReadNullableString(), r.ReadTimestamp());
        }
    }
}

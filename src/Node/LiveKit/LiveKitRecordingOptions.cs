namespace ActorStudio.Node.LiveKit;

/// <summary>Where LiveKit Egress writes recordings (any S3-compatible store, e.g. Cloudflare R2).</summary>
public sealed class LiveKitRecordingOptions
{
    public string? Bucket { get; set; }

    /// <summary>S3 endpoint, e.g. <c>https://&lt;account&gt;.r2.cloudflarestorage.com</c>; empty for AWS.</summary>
    public string? Endpoint { get; set; }

    public string Region { get; set; } = "auto";

    public string? AccessKey { get; set; }

    public string? Secret { get; set; }

    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Room composite layout (<c>grid</c>, <c>speaker</c>, <c>single-speaker</c>).</summary>
    public string Layout { get; set; } = "speaker";

    /// <summary>Encoding preset name as LiveKit spells it.</summary>
    public string Preset { get; set; } = "H264_720P_30";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Bucket);
}

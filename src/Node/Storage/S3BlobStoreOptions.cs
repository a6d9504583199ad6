namespace ActorStudio.Node.Storage;

/// <summary>S3 / Cloudflare R2 settings, bound from <c>Studio:Storage:S3</c>. Setting <see cref="Bucket"/> selects S3.</summary>
public sealed class S3BlobStoreOptions
{
    public const string SectionName = "Studio:Storage:S3";

    public string? Bucket { get; set; }

    /// <summary>Custom endpoint (R2: https://{account}.r2.cloudflarestorage.com; tests: http://127.0.0.1:port). Null for AWS.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Region for signing ("auto" for R2; any value for s3rver).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Path-style addressing (host/bucket/key) instead of virtual-host (bucket.host/key); s3rver and many gateways need it.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Static credentials; when both are empty the SDK's default chain (env vars, profile, IRSA) is used.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>Presigned GET lifetime used when a caller does not say; kept short because the link is a bearer secret.</summary>
    public TimeSpan PresignedUrlLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

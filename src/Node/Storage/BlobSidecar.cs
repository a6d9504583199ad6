namespace ActorStudio.Node.Storage;

/// <summary>The JSON written beside each local blob: what S3 would keep as Content-Type and x-amz-meta-*.</summary>
internal sealed record BlobSidecar(string ContentType, Dictionary<string, string> Tags);

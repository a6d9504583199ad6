namespace ActorStudio.Node.Images.Vips;

/// <summary>libvips refused the bytes (corrupt, truncated or not an image) or failed to encode.</summary>
public sealed class VipsImageException(string message) : Exception(message);

namespace ActorStudio.Node.Images.Vips;

/// <summary>libvips could not be loaded: the node needs Debian's libvips42 for thumbnails and upload clean-up.</summary>
public sealed class VipsUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

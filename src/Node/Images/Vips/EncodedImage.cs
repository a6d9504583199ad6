namespace ActorStudio.Node.Images.Vips;

/// <summary>Bytes libvips produced and the pixel size they hold.</summary>
public sealed record EncodedImage(byte[] Bytes, int Width, int Height);

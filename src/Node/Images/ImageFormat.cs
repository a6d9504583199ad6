namespace ActorStudio.Node.Images;

/// <summary>The image formats the studio accepts and stores.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    WebP,
}

namespace ActorStudio.Node.Images;

/// <summary>What the magic bytes and header say about an encoded image.</summary>
public sealed record ImageInfo(ImageFormat Format, int Width, int Height)
{
    public string ContentType => ImageSniffer.ContentTypeOf(Format);

    public string Extension => ImageSniffer.ExtensionOf(Format);
}

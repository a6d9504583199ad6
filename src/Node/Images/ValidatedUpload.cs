namespace ActorStudio.Node.Images;

/// <summary>An upload that passed the checks, re-encoded without metadata (EXIF, GPS, ICC comments, XMP).</summary>
public sealed record ValidatedUpload(byte[] Bytes, ImageFormat Format, int Width, int Height)
{
    public string ContentType => ImageSniffer.ContentTypeOf(Format);

    public string Extension => ImageSniffer.ExtensionOf(Format);
}

namespace ActorStudio.Node.Images;

/// <summary>Thumbnail encoding, bound from <c>Studio:Images:Thumbnails</c>.</summary>
public sealed class ThumbnailerOptions
{
    public const string SectionName = "Studio:Images:Thumbnails";

    /// <summary>webp (default, smaller) or jpeg.</summary>
    public ImageFormat Format { get; set; } = ImageFormat.WebP;

    /// <summary>Encoder quality 1..100.</summary>
    public int Quality { get; set; } = 80;

    /// <summary>Sources larger than this on either side are refused before decoding (decompression-bomb guard).</summary>
    public int MaxSourceEdge { get; set; } = 8192;
}

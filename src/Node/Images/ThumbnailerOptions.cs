namespace ActorStudio.Node.Images;

/// <summary>Thumbnail encoding, bound from <c>Studio:Images:Thumbnails</c>.</summary>
public sealed class ThumbnailerOptions
{
    public const string SectionName = "Studio:Images:Thumbnails";

    /// <summary>webp (default, smaller) or jpeg.</summary>
    public ImageFormat Format { get; set; } = ImageFormat.WebP;

    /// <summary>Encoder quality 1..100.</summary>
    public int Quality { get; set; } = 80;

    /// <summary>
    /// libvips' WebP effort 0..6 (its default is 4). Lower is faster for a slightly larger file; thumbnails are made
    /// on the generation's critical path, so the default trades a few percent of size for time.
    /// </summary>
    public int WebPEffort { get; set; } = 2;

    /// <summary>Sources larger than this on either side are refused before decoding (decompression-bomb guard).</summary>
    public int MaxSourceEdge { get; set; } = 8192;
}

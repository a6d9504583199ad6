namespace ActorStudio.Node.Images;

/// <summary>Limits for uploaded input images, bound from <c>Studio:Images:Uploads</c>.</summary>
public sealed class UploadOptions
{
    public const string SectionName = "Studio:Images:Uploads";

    public int MaxBytes { get; set; } = 10 * 1024 * 1024;

    public int MaxEdge { get; set; } = 4096;
}

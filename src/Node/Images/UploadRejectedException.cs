namespace ActorStudio.Node.Images;

/// <summary>An upload was refused; <see cref="Code"/> is the stable problem-details code the HTTP layer returns.</summary>
public sealed class UploadRejectedException(string code, string message) : Exception(message)
{
    public const string TooLargeCode = "upload_too_large";
    public const string UnsupportedTypeCode = "unsupported_image_type";
    public const string DimensionsTooLargeCode = "image_dimensions_too_large";
    public const string CorruptCode = "image_corrupt";

    public string Code { get; } = code;
}

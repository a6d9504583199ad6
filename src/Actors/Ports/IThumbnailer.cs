namespace ActorStudio.Actors.Ports;

/// <summary>An encoded thumbnail (WebP by default) and its size.</summary>
public sealed record Thumbnail(ReadOnlyMemory<byte> Bytes, string ContentType, int Width, int Height);

/// <summary>Makes the 512 px thumbnail stored beside every original (libvips in the node).</summary>
public interface IThumbnailer
{
    /// <summary>Decodes PNG, JPEG or WebP and fits it inside a <paramref name="maxEdge"/> square, keeping the aspect ratio.</summary>
    /// <exception cref="ArgumentException">The bytes are not an image the thumbnailer can decode.</exception>
    Task<Thumbnail> CreateAsync(ReadOnlyMemory<byte> source, int maxEdge, CancellationToken cancellationToken);
}

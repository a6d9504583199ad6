using System.Runtime.InteropServices;

namespace ActorStudio.Node.Images.Vips;

/// <summary>
/// One per process (a DI singleton): starts libvips on first use, turns its operation cache off (the cache would
/// otherwise keep references to buffers we pinned only for the duration of a call), and wraps the native calls
/// with ownership handled: every image is unreffed and every output buffer freed.
/// </summary>
public sealed class VipsLibrary
{
    private readonly Lazy<int> _version = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Where libvips looks for its optional loader modules (VIPSHOME/lib/vips-modules-X.Y). It is pointed at a
    /// directory that has none. Why: vips_init loads every module with RTLD_GLOBAL, and Debian's OpenSlide module
    /// links the system libsqlite3, whose exported sqlite3_* symbols then win over those of the e_sqlite3 the journal
    /// uses: the journal crashed with SIGSEGV inside sqlite3Malloc. The studio needs only the built-in PNG, JPEG,
    /// WebP and GIF codecs. An operator who sets VIPSHOME keeps their own choice.
    /// </summary>
    private const string ModulelessHome = "/nonexistent/actorstudio-vips-without-modules";

    // vips_init is not safe to enter from two threads at once, and each DI container has its own VipsLibrary.
    // Other calls run concurrently: the crashes once blamed on concurrency came from the modules (above).
    private static readonly Lock InitGate = new();

    /// <summary>The libvips version as major*10000 + minor*100 + micro; throws <see cref="VipsUnavailableException"/> if absent.</summary>
    public int Version => _version.Value;

    public bool IsAvailable
    {
        get
        {
            try
            {
                return Version > 0;
            }
            catch (VipsUnavailableException)
            {
                return false;
            }
        }
    }

    /// <summary>Decodes and shrinks to fit a <paramref name="maxEdge"/> square (never enlarges), then encodes with <paramref name="saveSuffix"/> (e.g. ".webp[Q=80,strip]").</summary>
    public unsafe EncodedImage Thumbnail(ReadOnlySpan<byte> source, int maxEdge, string saveSuffix)
    {
        _ = Version;
        fixed (byte* buffer = source)
        {
            // option_string reaches the loader: fail on truncated or damaged input instead of padding it with grey.
            if (VipsNative.ThumbnailBuffer(buffer, (nuint)source.Length, out var image, maxEdge, "size", VipsNative.SizeDown, "option_string", "fail", 0) != 0)
            {
                throw new VipsImageException("libvips could not decode the image: " + TakeError());
            }

            return WriteAndRelease(image, saveSuffix);
        }
    }

    /// <summary>Decodes fully and encodes again with <paramref name="saveSuffix"/> (e.g. ".png[strip]" to drop metadata).</summary>
    public unsafe EncodedImage Reencode(ReadOnlySpan<byte> source, string saveSuffix)
    {
        _ = Version;
        fixed (byte* buffer = source)
        {
            // fail: refuse truncated or damaged files instead of padding them with grey.
            var image = VipsNative.ImageNewFromBuffer(buffer, (nuint)source.Length, "fail", 0);
            if (image == 0)
            {
                throw new VipsImageException("libvips could not decode the image: " + TakeError());
            }

            return WriteAndRelease(image, saveSuffix);
        }
    }

    private static EncodedImage WriteAndRelease(nint image, string saveSuffix)
    {
        try
        {
            var width = VipsNative.ImageGetWidth(image);
            var height = VipsNative.ImageGetHeight(image);
            if (VipsNative.ImageWriteToBuffer(image, saveSuffix, out var output, out var length, 0) != 0)
            {
                throw new VipsImageException("libvips could not encode the image: " + TakeError());
            }

            try
            {
                var bytes = new byte[checked((int)length)];
                Marshal.Copy(output, bytes, 0, bytes.Length);
                return new EncodedImage(bytes, width, height);
            }
            finally
            {
                VipsNative.Free(output);
            }
        }
        finally
        {
            VipsNative.ObjectUnref(image);
        }
    }

    // libvips keeps one error buffer per process; with concurrent calls the text may mix two failures, which only
    // affects the message, never which call failed (that is the return value).
    private static string TakeError()
    {
        var message = Marshal.PtrToStringUTF8(VipsNative.ErrorBuffer())?.Trim() ?? "unknown error";
        VipsNative.ErrorClear();
        return message.Length == 0 ? "unknown error" : message;
    }

    private static int Start()
    {
        lock (InitGate)
        {
            return StartUnderGate();
        }
    }

    private static int StartUnderGate()
    {
        try
        {
            // overwrite = 0: an operator's VIPSHOME stands.
            _ = VipsNative.SetEnvironment("VIPSHOME", ModulelessHome, 0);
            if (VipsNative.Init("actorstudio") != 0)
            {
                throw new VipsUnavailableException("libvips failed to start: " + TakeError());
            }

            VipsNative.CacheSetMax(0);
            // Parallelism comes from callers (four variants, many sessions), not from libvips worker threads.
            VipsNative.ConcurrencySet(1);
            return (VipsNative.Version(0) * 10000) + (VipsNative.Version(1) * 100) + VipsNative.Version(2);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new VipsUnavailableException(
                "libvips is not installed: thumbnails and upload checks need Debian's libvips42 (apt-get install -y libvips42).", e);
        }
    }
}

using System.Runtime.InteropServices;

namespace ActorStudio.Node.Images.Vips;

/// <summary>
/// The few libvips 8.x C entry points the studio uses (Debian package libvips42). Variadic functions are bound
/// with their exact argument list, ending in the NULL terminator, which is sound on the SysV x64 and AArch64 ABIs
/// for integer and pointer arguments.
/// </summary>
internal static unsafe partial class VipsNative
{
    public const string VipsLibraryName = "libvips.so.42";
    public const string GObjectLibraryName = "libgobject-2.0.so.0";
    public const string GLibLibraryName = "libglib-2.0.so.0";

    /// <summary>VipsSize: only shrink, never enlarge a picture smaller than the box.</summary>
    public const int SizeDown = 2;

    public const string LibcLibraryName = "libc.so.6";

    /// <summary>libc setenv: .NET's Environment.SetEnvironmentVariable does not reach the native environment on Unix.</summary>
    [LibraryImport(LibcLibraryName, EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetEnvironment(string name, string value, int overwrite);

    [LibraryImport(VipsLibraryName, EntryPoint = "vips_init", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Init(string argv0);

    [LibraryImport(VipsLibraryName, EntryPoint = "vips_cache_set_max")]
    public static partial void CacheSetMax(int max);

    [LibraryImport(VipsLibraryName, EntryPoint = "vips_concurrency_set")]
    public static partial void ConcurrencySet(int concurrency);

    [LibraryImport(VipsLibraryName, EntryPoint = "vips_version")]
    public static partial int Version(int flag);

    [LibraryImport(VipsLibraryName, EntryPoint = "vips_thumbnail_buffer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ThumbnailBuffer(
        byte* buffer, nuint length, out nint image, int width, string sizeName, int size, string optionStringName, string optionString, nint terminator);

    [LibraryImport(VipsLibraryName, EntryPoint = "vips_image_new_from_buffer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ImageNewFromBuffer(byte* buffer, nuint length, string optionString, nint terminator);

    [LibraryImport(VipsLibraryName, EntryPoint = "vips_image_write_to_buffer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ImageWriteToBuffer(nint image, string suffix, out nint buffer, out nuint length, nint terminator);

    [LibraryImport(VipsLibraryName, EntryPoint = "vips_image_get_width")]
    public static partial int ImageGetWidth(nint image);

    [LibraryImport(VipsLibraryName, EntryPoint = "vips_image_get_height")]
    public static partial int ImageGetHeight(nint image);

    [LibraryImport(VipsLibraryName, EntryPoint = "vips_error_buffer")]
    public static partial nint ErrorBuffer();

    [LibraryImport(VipsLibraryName, EntryPoint = "vips_error_clear")]
    public static partial void ErrorClear();

    [LibraryImport(GObjectLibraryName, EntryPoint = "g_object_unref")]
    public static partial void ObjectUnref(nint obj);

    [LibraryImport(GLibLibraryName, EntryPoint = "g_free")]
    public static partial void Free(nint memory);
}

using ActorStudio.Actors.Runtime.Persistence;
using ActorStudio.Node.Images.Vips;
using ActorStudio.Node.Persistence;

namespace ActorStudio.Node.Tests.Images;

/// <summary>
/// libvips and the SQLite journal share every node process. vips_init used to load Debian's optional loader modules
/// with RTLD_GLOBAL; the OpenSlide one brought the system libsqlite3, whose symbols displaced e_sqlite3's and crashed
/// the journal natively (SIGSEGV in sqlite3Malloc) at random points of a test run.
/// </summary>
public sealed class LibvipsBesideSqliteTests : IDisposable
{
    private readonly VipsLibrary _vips = new();
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("actorstudio-vips-sqlite-");

    [Fact]
    public void Starting_libvips_maps_no_optional_module_and_no_system_sqlite()
    {
        Assert.True(_vips.Version > 0);

        var mapped = File.ReadAllLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
            .Where(path => path.StartsWith('/'))
            .Distinct()
            .ToList();

        Assert.Contains(mapped, path => path.Contains("libvips.so", StringComparison.Ordinal));
        Assert.DoesNotContain(mapped, path => path.Contains("vips-modules", StringComparison.Ordinal));
        Assert.DoesNotContain(mapped, path => Path.GetFileName(path).StartsWith("libsqlite3.so", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Thumbnails_in_parallel_beside_journal_appends_all_finish_and_every_event_reads_back()
    {
        var source = TestImages.Png(1024, 1024);
        var database = await SqliteDatabase.OpenAsync(Path.Combine(_directory.FullName, "journal.db"));
        var journal = new SqliteJournal(database);
        try
        {
            const int Streams = 4;
            const int EventsPerStream = 400;
            var appends = Enumerable.Range(0, Streams).Select(stream => Task.Run(async () =>
            {
                for (var seq = 1; seq <= EventsPerStream; seq++)
                {
                    var payload = new byte[64 + (seq % 200)];
                    payload.AsSpan().Fill((byte)seq);
                    await journal.AppendAsync(new AppendRequest($"vips-{stream}", 0, [new JournalEvent(seq, "test", 1, payload)]), CancellationToken.None);
                }
            }));
            var thumbnails = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                var sizes = new List<(int, int)>();
                for (var i = 0; i < 6; i++)
                {
                    var thumb = _vips.Thumbnail(source, 256, ".webp[Q=75]");
                    sizes.Add((thumb.Width, thumb.Height));
                }

                return sizes;
            }));

            await Task.WhenAll(appends);
            var results = await Task.WhenAll(thumbnails);

            Assert.All(results.SelectMany(r => r), size => Assert.Equal((256, 256), size));
            for (var stream = 0; stream < Streams; stream++)
            {
                var read = new List<PersistedEvent>();
                await foreach (var e in journal.ReplayAsync($"vips-{stream}", 1, long.MaxValue, CancellationToken.None))
                {
                    read.Add(e);
                }

                Assert.Equal(Enumerable.Range(1, EventsPerStream).Select(i => (long)i), read.Select(e => e.SequenceNr));
                Assert.All(read, e => Assert.Equal(64 + (e.SequenceNr % 200), e.Payload.Length));
            }
        }
        finally
        {
            await journal.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}

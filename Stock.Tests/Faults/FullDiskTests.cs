using System.Diagnostics;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Faults;

/// <summary>
/// A check whose SQLite database fills its disk: a small tmpfs mounted for the test (the suite runs as root, as the
/// test script does to install its servers), the database on it, the rest of it taken by a file. The failure says
/// what it is; its lease, which no row can be written to release on a full disk, is free as soon as its process is gone;
/// and once there is room again the next check runs and completes.
/// </summary>
[Trait("Needs", "Services")]
public sealed class FullDiskTests
{
    [Fact]
    public async Task ACheckThatFillsTheDisk_SaysTheDiskIsFull_ReleasesItsLease_AndTheNextCheckCompletesOnceThereIsRoom()
    {
        await using var world = await FaultWorld.CreateAsync(TestDatabase.Sqlite);
        using var disk = await SmallDisk.MountAsync(megabytes: 8);
        world.Settings["ConnectionStrings:Stock"] = $"Data Source={Path.Combine(disk.Path, "stock.db")};Pooling=False";
        world.Settings["Stock:LeaseTtl"] = "00:10:00"; // the next check can only start at once if the lease was released
        world.Settings["Stock:LeaseRenewal"] = "00:03:00";
        (await world.RunAsync("keys", "set", "--legal-entity", FaultWorld.Seller, "--marketplace", "wb", "--token", "wb-fault-token-0000000000000001")).Exit.Should().Be(0);
        (await world.RunAsync("keys", "set", "--legal-entity", FaultWorld.Seller, "--marketplace", "ozon", "--client-id", "123456", "--api-key", "ozon-fault-key-0000000000000002")).Exit.Should().Be(0);
        var filler = Path.Combine(disk.Path, "filler");
        await using (var stream = File.Create(filler))
        {
            // Written, not sized: a sized file is sparse and takes no room.
            var zeros = new byte[64 * 1024];
            for (var left = new DriveInfo(disk.Path).AvailableFreeSpace - (256 * 1024); left > 0; left -= zeros.Length)
            {
                await stream.WriteAsync(zeros.AsMemory(0, (int)Math.Min(left, zeros.Length)));
            }
        }

        var full = await world.RunChildAsync(null, "check", "--legal-entity", FaultWorld.Seller);
        File.Delete(filler);
        var next = await world.RunAsync("check", "--legal-entity", FaultWorld.Seller);

        full.Exit.Should().Be(1, full.Output + full.Error);
        // Where the disk fills depends on timing (a batch, the run's record, the relay's marks); what it says does not.
        full.Error.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("stock: ");
        (full.Output + full.Error).Should().Contain("SQLite Error 13: 'database or disk is full'", "the failure says what it is")
            .And.NotContain("cannot rollback", "not what a rollback after it said");
        next.Exit.Should().Be(0, "the lease of the process that failed is free at once, not after its 10-minute TTL: " + next.Output + next.Error);
    }

    /// <summary>A tmpfs of a few megabytes, unmounted on dispose.</summary>
    private sealed class SmallDisk : IDisposable
    {
        private SmallDisk(string path) => Path = path;

        public string Path { get; }

        public static async Task<SmallDisk> MountAsync(int megabytes)
        {
            var path = Directory.CreateTempSubdirectory("stock-full-disk-").FullName;
            await RunAsync("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
            return new SmallDisk(path);
        }

        public void Dispose()
        {
            RunAsync("umount", Path).GetAwaiter().GetResult();
            Directory.Delete(Path);
        }

        private static async Task RunAsync(string command, params string[] args)
        {
            using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true })!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({process.ExitCode}): {error} (the suite runs as root, as scripts/test.sh does)");
            }
        }
    }
}

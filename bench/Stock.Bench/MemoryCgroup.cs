using System.Diagnostics;
using System.Globalization;

/// <summary>
/// A memory cgroup of its own for one check's process, as a container instance runs it (Cloud Run's 512 MiB): the
/// kernel enforces the limit (past it, the process is killed) and the runtime sizes its GC heap from it. cgroup v2
/// (<c>memory.max</c>, <c>memory.peak</c>) or v1 (<c>memory.limit_in_bytes</c>, <c>memory.max_usage_in_bytes</c>);
/// creating one needs root. The peak it reports is what the kernel charged the instance: the process's memory and the
/// page cache of the files it wrote (SQLite's database), which the kernel reclaims before it kills.
/// </summary>
internal sealed class MemoryCgroup : IDisposable
{
    private readonly string directory;
    private readonly string peakFile;

    private MemoryCgroup(string directory, string peakFile)
    {
        this.directory = directory;
        this.peakFile = peakFile;
    }

    /// <summary>A new cgroup limited to <paramref name="mib"/> MiB, or null (with the reason) where none can be made.</summary>
    public static MemoryCgroup? TryCreate(long mib, out string? whyNot)
    {
        var name = $"stock-bench-{Environment.ProcessId}-{Guid.NewGuid():N}";
        var bytes = (mib * 1024 * 1024).ToString(CultureInfo.InvariantCulture);
        try
        {
            if (File.Exists("/sys/fs/cgroup/cgroup.controllers") && File.ReadAllText("/sys/fs/cgroup/cgroup.controllers").Contains("memory", StringComparison.Ordinal))
            {
                var v2 = Path.Combine("/sys/fs/cgroup", name);
                Directory.CreateDirectory(v2);
                File.WriteAllText(Path.Combine(v2, "memory.max"), bytes);
                File.WriteAllText(Path.Combine(v2, "memory.swap.max"), "0");
                whyNot = null;
                return new MemoryCgroup(v2, "memory.peak");
            }

            if (Directory.Exists("/sys/fs/cgroup/memory"))
            {
                var v1 = Path.Combine("/sys/fs/cgroup/memory", name);
                Directory.CreateDirectory(v1);
                File.WriteAllText(Path.Combine(v1, "memory.limit_in_bytes"), bytes);
                whyNot = null;
                return new MemoryCgroup(v1, "memory.max_usage_in_bytes");
            }

            whyNot = "no memory cgroup controller is mounted";
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            whyNot = $"a memory cgroup cannot be made here ({ex.Message})";
            return null;
        }
    }

    /// <summary>Starts <paramref name="start"/> inside the cgroup: a shell joins it, then becomes the process.</summary>
    public ProcessStartInfo Enter(ProcessStartInfo start)
    {
        var inside = new ProcessStartInfo("/bin/sh", ["-c", "echo $$ > \"$0\" && exec \"$@\"", Path.Combine(directory, "cgroup.procs"), start.FileName, .. start.ArgumentList])
        {
            RedirectStandardOutput = start.RedirectStandardOutput,
            RedirectStandardError = start.RedirectStandardError,
        };
        foreach (var (key, value) in start.Environment)
        {
            inside.Environment[key] = value;
        }

        return inside;
    }

    /// <summary>The most memory the kernel charged to the cgroup, in MB.</summary>
    public double PeakMb => long.TryParse(File.ReadAllText(Path.Combine(directory, peakFile)).Trim(), CultureInfo.InvariantCulture, out var bytes) ? bytes / 1024.0 / 1024 : 0;

    public void Dispose()
    {
        try
        {
            Directory.Delete(directory);
        }
        catch (IOException)
        {
            // A process still in it (it was killed late): the kernel keeps the empty group; nothing else to do.
        }
    }
}

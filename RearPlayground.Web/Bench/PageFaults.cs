namespace RearPlayground.Web.Bench;

/// <summary>
/// The process's minor page faults so far (Linux: /proc/self/stat; -1 elsewhere). bench-app counts them per run on each
/// side: memory handed back to the OS and touched again made the job's DVTS searches 1.6–2× as long as the CLI's on this
/// VM (24,000 faults per search), and only the fault count told it from a slow core.
/// </summary>
internal static class PageFaults
{
    public static long Read()
    {
        if (!OperatingSystem.IsLinux()) return -1;
        var stat = File.ReadAllText("/proc/self/stat");
        // Fields after the command name, which is in parentheses and may hold spaces; minflt is the 10th field.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7]);
    }

    /// <summary>Faults during <paramref name="work"/>; -1 where they can't be read.</summary>
    public static async Task<(T Result, long Faults)> CountAsync<T>(Func<Task<T>> work)
    {
        var before = Read();
        var result = await work();
        return (result, before < 0 ? -1 : Read() - before);
    }
}

namespace InteropGateway.Bench;

/// <summary>nproc, CPU model and OS for the results header.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpuinfo = File.Exists("/proc/cpuinfo") ? File.ReadAllLines("/proc/cpuinfo") : [];
        var model = cpuinfo.FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown";
        var os = File.Exists("/etc/os-release")
            ? File.ReadAllLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME="))?[13..].Trim('"')
            : null;
        var memKb = File.Exists("/proc/meminfo")
            ? File.ReadAllLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : "0";
        return $"nproc={Environment.ProcessorCount}, CPU model \"{model}\", {long.Parse(memKb) / 1024} MiB RAM, {os ?? "Linux"}, .NET {Environment.Version}";
    }
}

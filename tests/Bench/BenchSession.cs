namespace InteropGateway.Bench;

/// <summary>
/// The frame every bench mode runs in: child processes that all die with the run (also on Ctrl+C),
/// a temp work dir removed at the end, and the exit code: 0 done, 1 failed, 130 cancelled.
/// </summary>
internal static class BenchSession
{
    public static async Task<int> RunAsync(string mode, Func<ChildProcesses, string, CancellationToken, Task<int>> run)
    {
        using var children = new ChildProcesses();
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); children.KillAll(); };
        var workDir = Directory.CreateTempSubdirectory($"igw-{mode}-bench-").FullName;
        try
        {
            return await run(children, workDir, cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"{mode} bench failed: {e}");
            return 1;
        }
        finally
        {
            children.KillAll();
            try { Directory.Delete(workDir, recursive: true); } catch (IOException) { }
        }
    }
}

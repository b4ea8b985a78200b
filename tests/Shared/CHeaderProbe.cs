using System.Diagnostics;
using System.Text;
using Xunit;

namespace InteropGateway.Tests.Shared;

/// <summary>
/// Asks the C compiler what the real headers say: compiles a program with gcc that prints each
/// expression (offsetof, sizeof, enum values...) and returns the printed values in order. Shared by
/// the layout tests of every P/Invoke binding, so a library upgrade fails a test, not a stream.
/// </summary>
internal static class CHeaderProbe
{
    public static long[] Evaluate(IEnumerable<string> includes, IReadOnlyList<string> expressions, string gccArguments = "")
    {
        var directory = Directory.CreateTempSubdirectory("c-header-probe-");
        try
        {
            var source = Path.Combine(directory.FullName, "probe.c");
            var binary = Path.Combine(directory.FullName, "probe");
            File.WriteAllText(source, Program(includes, expressions));
            var (compileCode, _, compileErrors) = Run("gcc", $"-std=gnu11 {gccArguments} -o {binary} {source}");
            Assert.True(compileCode == 0, "gcc failed:\n" + compileErrors);
            var (runCode, output, runErrors) = Run(binary, "");
            Assert.True(runCode == 0, runErrors);
            var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
            Assert.Equal(expressions.Count, values.Length);
            return values;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Program(IEnumerable<string> includes, IReadOnlyList<string> expressions)
    {
        var text = new StringBuilder("#include <stddef.h>\n#include <stdio.h>\n");
        foreach (var include in includes)
            text.Append("#include <").Append(include).Append(">\n");
        text.Append("int main(void) {\n");
        foreach (var expression in expressions)
            text.Append("    printf(\"%lld\\n\", (long long)(").Append(expression).Append("));\n");
        text.Append("    return 0;\n}\n");
        return text.ToString();
    }

    private static (int Code, string Output, string Errors) Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
            process.Kill();
        return (process.ExitCode, output.Result, errors.Result);
    }
}

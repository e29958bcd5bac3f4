using System.CommandLine;
using RelicSecurity.Cli;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

/// <summary>Runs the real relicctl command tree in-process and captures what it prints.</summary>
public static class Relicctl
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = await RelicCommandLine.Create().Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (exitCode, output.ToString());
    }
}

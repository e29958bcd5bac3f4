using System.CommandLine;
using System.Text.Json;
using RelicSecurity.Cli;
using RelicSecurity.Testing;
using Shouldly;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>What one relicctl run printed and how it exited.</summary>
internal sealed record RelicCtlRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>Runs relicctl's real command tree in-process, as a shell would, against a gateway.</summary>
internal static class RelicCtl
{
    /// <summary>As a national user (the run's test token).</summary>
    public static Task<RelicCtlRun> RunAsync(string gateway, params string[] args) =>
        RunAsAsync(gateway, TestTokens.National(), args);

    /// <summary>With <paramref name="token"/> passed as --token; empty: no token at all.</summary>
    public static async Task<RelicCtlRun> RunAsAsync(string gateway, string token, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await RelicCommandLine.RunAsync(
            [.. args, "--gateway", gateway, .. (token.Length > 0 ? new[] { "--token", token } : [])],
            new InvocationConfiguration { Output = output, Error = error });
        return new RelicCtlRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>As a national user with --output json; the run must succeed.</summary>
    public static async Task<JsonElement> JsonAsync(string gateway, params string[] args)
    {
        var run = await RunAsync(gateway, [.. args, "--output", "json"]);
        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        return JsonDocument.Parse(run.Output).RootElement.Clone();
    }
}

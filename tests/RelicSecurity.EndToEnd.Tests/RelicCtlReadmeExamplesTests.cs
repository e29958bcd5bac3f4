using System.Text.RegularExpressions;
using RelicSecurity.Cli;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>
/// Every <c>relicctl</c> line of the README's examples block (between <c>&lt;!-- relicctl-examples --&gt;</c> and the
/// end of the code fence that follows) runs as printed against the real suite with the small demo data.
/// </summary>
[Collection("servers")]
public sealed partial class RelicCtlReadmeExamplesTests(LocalServersFixture servers)
    : AgainstRunningSuite(servers, cases: true, inspections: true)
{
    private const string Marker = "<!-- relicctl-examples -->";

    [Fact]
    public async Task Every_relicctl_example_in_the_readme_works_as_printed()
    {
        var examples = Examples(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "README.md")));
        examples.Count.ShouldBeGreaterThanOrEqualTo(5, "the README's relicctl examples block");
        var gateway = Gateway;
        var seeded = await RelicCtl.RunAsync(gateway, "seed", "--scale", "small", "--seed", "11");
        seeded.ExitCode.ShouldBe(ExitCodes.Ok, seeded.ToString());

        foreach (var example in examples)
        {
            var run = await RelicCtl.RunAsync(gateway, [.. Words(example).Skip(1)]);
            run.ExitCode.ShouldBe(ExitCodes.Ok, $"{example}\n{run}");
            run.Output.ShouldNotBeEmpty(example);
        }
    }

    private static List<string> Examples(string readme)
    {
        var start = readme.IndexOf(Marker, StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"README.md has no {Marker} block");
        var lines = readme[(start + Marker.Length)..].Split('\n').Select(line => line.Trim()).SkipWhile(line => !line.StartsWith("```", StringComparison.Ordinal)).Skip(1);
        return [.. lines.TakeWhile(line => !line.StartsWith("```", StringComparison.Ordinal)).Where(line => line.StartsWith("relicctl ", StringComparison.Ordinal))];
    }

    /// <summary>Splits a command line as a shell would for these examples: spaces, and double quotes around a word with spaces.</summary>
    private static IEnumerable<string> Words(string line) => ShellWord().Matches(line).Select(match => match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Value);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RelicSecurity.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"RelicSecurity.sln not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex("\"(?<quoted>[^\"]*)\"|[^\\s\"]+")]
    private static partial Regex ShellWord();
}

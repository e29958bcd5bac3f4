using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using RelicSecurity.Cli;

namespace RelicSecurity.Bench.Seed;

/// <summary>What one <c>relicctl seed</c> printed and how long its parts took, by its own clock and by the bench's.</summary>
internal sealed partial record SeedRun(int ExitCode, string Output, TimeSpan Wall, TimeSpan? Sites, TimeSpan? All)
{
    /// <summary>The records part (cases, relics, inspections): the seed's total less its sites part.</summary>
    public TimeSpan? Records => All - Sites;

    /// <summary>relicctl's real command tree in this process, as a shell would run it, against the gateway with the token.</summary>
    public static async Task<SeedRun> RunAsync(Uri gateway, string token, params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        // stderr (progress bars, failures) goes to the bench's own, as a user would see it.
        var exitCode = await RelicCommandLine.RunAsync([.. args, "--gateway", gateway.ToString().TrimEnd('/'), "--token", token],
            new InvocationConfiguration { Output = output, Error = Console.Error });
        clock.Stop();
        var text = output.ToString();
        return new SeedRun(exitCode, text, clock.Elapsed, Seconds(SitesTime(), text), Seconds(AllTime(), text));
    }

    private static TimeSpan? Seconds(Regex pattern, string text) =>
        pattern.Match(text) is { Success: true } match
            ? TimeSpan.FromSeconds(double.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture))
            : null;

    // "… rejected 0 in 71.3 s (10,754 sites/s)" and "…; 480.2 s in all": SeedCommand's text summary.
    [GeneratedRegex(@"rejected [\d,]+ in (?<s>\d+(\.\d+)?) s \(")]
    private static partial Regex SitesTime();

    [GeneratedRegex(@"; (?<s>\d+(\.\d+)?) s in all")]
    private static partial Regex AllTime();
}

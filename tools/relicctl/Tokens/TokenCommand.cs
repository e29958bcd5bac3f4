using System.CommandLine;
using System.Text.RegularExpressions;
using RelicSecurity.LocalInfrastructure;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Cli.Tokens;

/// <summary>
/// <c>relicctl token --role &lt;role&gt; [--province &lt;code&gt;] [--scope "&lt;scopes&gt;"]</c>: prints one line, a JWT
/// signed with the key of the local app host's data directory, which the gateway and the services trust.
/// </summary>
public static partial class TokenCommand
{
    /// <summary>Long enough for a working day at the console; a local key signs nothing that leaves the machine.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = $"Role claim: {string.Join(" | ", SuiteRoles.All)}", Required = true };
        var province = new Option<string?>("--province") { Description = "Province claim (6-digit code), required for --role provincial" };
        var scope = new Option<string?>("--scope")
        {
            Description = "Space-separated scopes; default: every scope for national, every scope but audit.read for provincial",
        };
        var subject = new Option<string?>("--subject") { Description = "Subject claim (default: relicctl-<role>)" };
        var hours = new Option<double>("--hours") { Description = "Lifetime in hours", DefaultValueFactory = _ => DefaultLifetime.TotalHours };
        var dataDirectory = new Option<string?>("--data-dir")
        {
            Description = "The app host's data directory (default: RELIC_DATA_DIR, else .relic/ in the repository)",
        };
        var command = new Command("token", "Print a JWT signed with the running app host's key (one line)")
        {
            role, province, scope, subject, hours, dataDirectory,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var request = TokenRequest.From(parse.GetValue(role)!, parse.GetValue(province), parse.GetValue(scope), parse.GetValue(subject));
            if (request.Problem is { } problem)
            {
                await error.WriteLineAsync(problem);
                return 2;
            }

            var directory = parse.GetValue(dataDirectory) ?? DefaultDataDirectory();
            if (directory is null || LocalSigningKey.TryLoad(directory) is not { } key)
            {
                await error.WriteLineAsync($"No app host signing key in {directory ?? "(no .relic/ found)"}/{LocalSigningKey.Folder}: " +
                    "start the app host (scripts/run.sh) or pass --data-dir.");
                return 1;
            }

            using var privateKey = key.LoadPrivateKey();
            var issuer = new SuiteTokenIssuer(privateKey, LocalSigningKey.LocalIssuer, LocalSigningKey.SuiteAudience, TimeProvider.System);
            await parse.InvocationConfiguration.Output.WriteLineAsync(
                issuer.Issue(request.Claims!, TimeSpan.FromHours(parse.GetValue(hours))));
            return 0;
        });
        return command;
    }

    /// <summary>RELIC_DATA_DIR, else the .relic/ directory next to RelicSecurity.sln above the working directory.</summary>
    private static string? DefaultDataDirectory()
    {
        if (Environment.GetEnvironmentVariable("RELIC_DATA_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "RelicSecurity.sln")))
                {
                    return Path.Combine(dir.FullName, ".relic");
                }
            }
        }

        return null;
    }

    [GeneratedRegex("^[0-9]{6}$")]
    internal static partial Regex ProvinceCode();
}

/// <summary>The claims a token command asked for, or why they make no token.</summary>
internal sealed record TokenRequest(SuiteTokenClaims? Claims, string? Problem)
{
    public static TokenRequest From(string role, string? province, string? scope, string? subject)
    {
        if (!SuiteRoles.All.Contains(role))
        {
            return new(null, $"--role must be one of {string.Join(", ", SuiteRoles.All)}, not \"{role}\"");
        }

        if (role == SuiteRoles.Provincial && (province is null || !TokenCommand.ProvinceCode().IsMatch(province)))
        {
            return new(null, "--role provincial needs --province <6-digit code>, e.g. --province 330000");
        }

        if (role != SuiteRoles.Provincial && province is not null)
        {
            return new(null, $"--province applies to --role provincial only (a {role} token reaches every province)");
        }

        string[] scopes = scope is null
            ? role switch
            {
                SuiteRoles.National => [.. SuiteScopes.All],
                SuiteRoles.Provincial => [.. SuiteScopes.All.Where(s => s != SuiteScopes.AuditRead)],
                _ => [],
            }
            : scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Length == 0)
        {
            return new(null, $"--role {role} needs --scope \"<scopes>\" (of: {string.Join(' ', SuiteScopes.All)})");
        }

        if (scopes.FirstOrDefault(s => !SuiteScopes.All.Contains(s)) is { } unknown)
        {
            return new(null, $"unknown scope \"{unknown}\" (known: {string.Join(' ', SuiteScopes.All)})");
        }

        return new(new SuiteTokenClaims(subject ?? $"relicctl-{role}", role, province, scopes), null);
    }
}

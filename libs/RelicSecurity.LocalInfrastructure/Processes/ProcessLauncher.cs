using System.Diagnostics;

namespace RelicSecurity.LocalInfrastructure.Processes;

/// <summary>
/// Starts server processes so that their PID is the server's own PID (every wrapper execs),
/// they sit in their own session (a Ctrl+C in the terminal reaches only the owner, which then
/// stops them in order), their output goes to a log file (it keeps working if the owner dies)
/// and, as root, PostgreSQL runs as its own user.
/// </summary>
internal static class ProcessLauncher
{
    private const string SetSid = "/usr/bin/setsid";
    private const string SetPriv = "/usr/bin/setpriv";

    // $1 is the log file; the rest is the command. exec keeps the PID through every step.
    private const string Script = "log=\"$1\"; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1";

    public static bool IsRoot { get; } = EffectiveUserIsRoot();

    public static (Process Process, TrackedProcess Tracked) Start(LaunchSpec spec)
    {
        ServerBinaries.Require(SetSid, "util-linux");
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add("relic-launch");
        info.ArgumentList.Add(spec.LogFile);
        info.ArgumentList.Add(SetSid);
        foreach (var part in UserSwitch(spec.RunAsUser))
        {
            info.ArgumentList.Add(part);
        }
        info.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
        if (spec.Environment is not null)
        {
            foreach (var (key, value) in spec.Environment)
            {
                info.Environment[key] = value;
            }
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {spec.FileName}.");
        var ticks = LinuxProcess.StartTicks(process.Id) ?? 0;
        return (process, new TrackedProcess(spec.Role, process.Id, ticks, spec.StopSignal, spec.Companion));
    }

    /// <summary>Runs a short command to completion (initdb, rabbitmqctl) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment,
        string? runAsUser, CancellationToken ct)
    {
        var info = new ProcessStartInfo(UserSwitch(runAsUser).Length > 0 ? SetPriv : fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        var switchArgs = UserSwitch(runAsUser);
        foreach (var part in switchArgs.Skip(1))
        {
            info.ArgumentList.Add(part);
        }
        if (switchArgs.Length > 0)
        {
            info.ArgumentList.Add(fileName);
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LinuxProcess.KillTree(process.Id);
            throw;
        }
        return (process.ExitCode, (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false)));
    }

    private static string[] UserSwitch(string? user)
    {
        if (user is null || !IsRoot)
        {
            return [];
        }
        ServerBinaries.Require(SetPriv, "util-linux");
        return [SetPriv, $"--reuid={user}", $"--regid={user}", "--init-groups", "--"];
    }

    private static bool EffectiveUserIsRoot()
    {
        try
        {
            // "Uid:\treal\teffective\t..." in /proc/self/status.
            var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            return line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2] == "0";
        }
        catch (IOException)
        {
            return false;
        }
    }
}

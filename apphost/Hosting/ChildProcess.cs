using System.Diagnostics;
using RelicSecurity.LocalInfrastructure.Processes;

namespace RelicSecurity.AppHost;

/// <summary>
/// A running project: "dotnet &lt;assembly&gt;" in its own session (Ctrl+C in the terminal reaches only the
/// app host, which stops the children in order), its output relayed line by line under its name.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly Process process;
    private readonly ConsoleLog log;
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool stopping;

    private ChildProcess(string name, Process process, ConsoleLog log)
    {
        Name = name;
        this.process = process;
        this.log = log;
        Tracked = new TrackedProcess(name, process.Id, LinuxProcess.StartTicks(process.Id) ?? 0, LinuxProcess.SigTerm, Companion: false);
    }

    public string Name { get; }

    public TrackedProcess Tracked { get; }

    /// <summary>Completes with the exit code when the process ends, whoever ended it.</summary>
    public Task<int> Exited => exited.Task;

    public static ChildProcess Start(string name, string assembly, IReadOnlyDictionary<string, string> environment, ConsoleLog log)
    {
        var info = new ProcessStartInfo("/usr/bin/setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The content root (appsettings.json) is the working directory.
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        info.ArgumentList.Add(DotnetHost());
        info.ArgumentList.Add(assembly);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        ChildProcess? child = null;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.Child(name, e.Data, error: false); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Child(name, e.Data, error: true); } };
        process.Exited += (_, _) => child?.OnExited();
        process.Start();
        process.StandardInput.Close();
        child = new ChildProcess(name, process, log);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            child.OnExited();
        }
        return child;
    }

    /// <summary>SIGTERM (ASP.NET Core's graceful shutdown), then SIGKILL of the whole tree after a timeout.</summary>
    public async Task StopAsync()
    {
        stopping = true;
        if (exited.Task.IsCompleted)
        {
            return;
        }
        LinuxProcess.Signal(process.Id, LinuxProcess.SigTerm);
        if (await Task.WhenAny(exited.Task, Task.Delay(StopTimeout)) != exited.Task)
        {
            log.Error($"{Name} did not stop within {StopTimeout.TotalSeconds:0} s; killing it");
            LinuxProcess.KillTree(process.Id);
            await exited.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public void Dispose() => process.Dispose();

    private void OnExited()
    {
        int code;
        try
        {
            // Let the last output lines through before reporting the exit.
            process.WaitForExit();
            code = process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }
        if (!stopping)
        {
            log.Error($"{Name} exited unexpectedly with code {code}");
        }
        exited.TrySetResult(code);
    }

    /// <summary>The dotnet host running the app host itself, else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}

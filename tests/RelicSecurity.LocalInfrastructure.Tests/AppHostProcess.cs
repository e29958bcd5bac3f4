using System.Diagnostics;
using System.Reflection;
using RelicSecurity.LocalInfrastructure.Processes;

namespace RelicSecurity.LocalInfrastructure.Tests;

/// <summary>The real app host binary, run as a child of the test with its output captured.</summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    private const string UpMarker = "RelicSecurity is up";

    private readonly Process process;
    private readonly List<string> lines = [];
    private readonly TaskCompletionSource up = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppHostProcess(Process process)
    {
        this.process = process;
    }

    public int Pid => process.Id;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    private static string Assembly { get; } =
        typeof(AppHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AppHostAssembly").Value!;

    /// <summary>
    /// Starts the app host without the demo data (seeding would only slow these tests); its dashboard gets a free port
    /// unless the arguments choose one (tests run side by side).
    /// </summary>
    public static AppHostProcess Start(params string[] arguments) => StartWithDemoData([.. arguments, "--no-demo-data"]);

    /// <summary>As <see cref="Start"/>, with the small demo data loaded on a fresh data directory as scripts/run.sh would.</summary>
    public static AppHostProcess StartWithDemoData(params string[] arguments)
    {
        if (!arguments.Contains("--dashboard-port"))
        {
            arguments = [.. arguments, "--dashboard-port", PortAllocator.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)];
        }
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = info };
        var host = new AppHostProcess(process);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits for the ready banner; fails with the app host's output if it exits or takes too long.</summary>
    public async Task WaitUntilUpAsync(TimeSpan timeout)
    {
        var exited = process.WaitForExitAsync();
        var finished = await Task.WhenAny(up.Task, exited, Task.Delay(timeout));
        if (finished != up.Task)
        {
            var why = finished == exited ? $"exited with code {process.ExitCode}" : $"was not up after {timeout.TotalSeconds:0} s";
            if (finished != exited)
            {
                // A failed test must not leave a whole suite running behind it.
                await StopAsync();
            }
            throw new InvalidOperationException($"The app host {why}:{Environment.NewLine}{Output}");
        }
    }

    /// <summary>Waits until a line containing <paramref name="text"/> appears.</summary>
    public async Task WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Lines.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{text}' did not appear in the app host's output:{Environment.NewLine}{Output}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>SIGTERM, as a service manager or Ctrl+C would send it; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        LinuxProcess.Signal(process.Id, LinuxProcess.SigTerm);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    /// <summary>SIGKILL of the app host alone, as after a crash: its servers are left behind (DCP stops the services).</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    public string Output => string.Join(Environment.NewLine, Lines);

    public int IndexOf(string text)
    {
        var all = Lines;
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Contains(text, StringComparison.Ordinal))
            {
                return i;
            }
        }
        throw new InvalidOperationException($"'{text}' is not in the app host's output:{Environment.NewLine}{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await StopAsync();
        }
        process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (lines)
        {
            lines.Add(line);
        }
        if (line.Contains(UpMarker, StringComparison.Ordinal))
        {
            up.TrySetResult();
        }
    }
}

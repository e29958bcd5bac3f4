using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using RelicSecurity.LocalInfrastructure.Processes;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>The real app host (the README's way of starting the suite) as a child process of the test.</summary>
internal sealed partial class AppHostRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource<string> _gateway = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppHostRun(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join(Environment.NewLine, _lines);
            }
        }
    }

    private static string AppHostAssembly { get; } =
        typeof(AppHostRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AppHostAssembly").Value!;

    public static AppHostRun Start(string dataDirectory)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { AppHostAssembly, "--fresh", "--data-dir", dataDirectory, "--gateway-port", "0" })
        {
            info.ArgumentList.Add(argument);
        }

        var run = new AppHostRun(new Process { StartInfo = info });
        run._process.OutputDataReceived += (_, e) => run.OnLine(e.Data);
        run._process.ErrorDataReceived += (_, e) => run.OnLine(e.Data);
        run._process.Start();
        run._process.BeginOutputReadLine();
        run._process.BeginErrorReadLine();
        return run;
    }

    /// <summary>The gateway's address once the app host says the suite is up.</summary>
    public async Task<string> GatewayAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(_gateway.Task, _process.WaitForExitAsync(), Task.Delay(timeout));
        return finished == _gateway.Task
            ? await _gateway.Task
            : throw new InvalidOperationException($"The app host did not come up:{Environment.NewLine}{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM, like Ctrl+C: the app host stops the services and its servers.
            LinuxProcess.Signal(_process.Id, LinuxProcess.SigTerm);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            if (line.Contains("RelicSecurity is up", StringComparison.Ordinal))
            {
                foreach (var earlier in _lines)
                {
                    if (GatewayUrl().Match(earlier) is { Success: true } match)
                    {
                        _gateway.TrySetResult(match.Groups[1].Value);
                    }
                }
            }
        }
    }

    [GeneratedRegex(@"gateway\s+(http://127\.0\.0\.1:\d+)")]
    private static partial Regex GatewayUrl();
}

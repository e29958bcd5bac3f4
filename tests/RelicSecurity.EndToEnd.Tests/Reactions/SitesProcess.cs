using System.Diagnostics;
using RelicSecurity.Sites.Extensions;
using RelicSecurity.Testing;

namespace RelicSecurity.EndToEnd.Tests.Reactions;

/// <summary>
/// The real Sites service as its own OS process (its Release build, the same Program.cs the app host runs) on a fixed
/// loopback port, so a test can SIGKILL it mid-stream and start it again where the other services expect it.
/// </summary>
internal sealed class SitesProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private SitesProcess(Process process) => _process = process;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote (warnings and worse, and its start-up), for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output.TakeLast(30));
            }
        }
    }

    public static async Task<SitesProcess> StartAsync(string database, string redis, string eventBus, int port,
        IReadOnlyDictionary<string, string?> settings)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(typeof(SitesApplication).Assembly.Location);
        startInfo.Environment["ConnectionStrings__sites-db"] = database;
        startInfo.Environment["ConnectionStrings__redis"] = redis;
        startInfo.Environment["ConnectionStrings__eventbus"] = eventBus;
        startInfo.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        startInfo.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        // The broker is killed on purpose: MassTransit's reconnect errors would bury the rest.
        startInfo.Environment["Logging__LogLevel__MassTransit"] = "Error";
        foreach (var (key, value) in TestTokens.Settings.Concat(settings))
        {
            startInfo.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("The Sites process did not start.");
        var running = new SitesProcess(process);
        process.OutputDataReceived += (_, e) => running.Received(e.Data);
        process.ErrorDataReceived += (_, e) => running.Received(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(running._started.Task, exited, Task.Delay(StartTimeout)) != running._started.Task)
        {
            running.Kill();
            throw new InvalidOperationException("The Sites process did not start:\n" + running.Output);
        }

        return running;
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        // Microsoft.Hosting.Lifetime's line once every hosted service (migrations, the bus) has started.
        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }

    /// <summary>SIGKILL: no shutdown, no acks, no flush, exactly what a crash looks like to the broker and the database.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}

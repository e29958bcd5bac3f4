using System.Diagnostics;
using RelicSecurity.ServiceDefaults.TestWorker;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

/// <summary>The test worker running as its own OS process, so a test can SIGKILL it mid-stream.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    readonly Process process;
    readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly List<string> output = [];

    WorkerProcess(Process process)
    {
        this.process = process;
    }

    public int ProcessId => process.Id;

    public static async Task<WorkerProcess> StartAsync(string database, string eventBus, IReadOnlyDictionary<string, string> settings,
        params string[] arguments)
    {
        var worker = typeof(RecordCreated).Assembly.Location;
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(worker);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment[$"ConnectionStrings__{WorkerHost.DatabaseConnectionName}"] = database;
        startInfo.Environment["ConnectionStrings__eventbus"] = eventBus;
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        // Warnings keep the connection-recovery story of MassTransit in the captured output for a failing test.
        startInfo.Environment["Logging__LogLevel__MassTransit"] = "Warning";
        startInfo.Environment["Logging__LogLevel__RelicSecurity.ServiceDefaults.Messaging.ConsumerWatchdog"] = "Debug";
        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("The worker process did not start.");
        var running = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => running.Received(e.Data);
        process.ErrorDataReceived += (_, e) => running.Received(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(running.started.Task, exited, Task.Delay(StartTimeout)) != running.started.Task)
        {
            running.Kill();
            throw new InvalidOperationException("The worker did not start:\n" + running.Output);
        }

        return running;
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return string.Join('\n', output.TakeLast(40));
            }
        }
    }

    public Task<string> GetOutputAsync() => Task.FromResult(Output);

    void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
        }

        if (line == "started")
        {
            started.TrySetResult();
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no acks, no flush; exactly what a crash looks like to the broker.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}

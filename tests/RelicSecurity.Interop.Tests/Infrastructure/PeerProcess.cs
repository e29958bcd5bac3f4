using System.Diagnostics;
using System.Text;

namespace RelicSecurity.Interop.Tests.Infrastructure;

/// <summary>
/// A peer server (grpcio or grpc-js) running as a child process on a free port. It announces
/// "LISTENING port" on stdout and stops when its stdin closes; disposal kills it if it lingers.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PeerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    public static async Task<PeerProcess> StartServerAsync(string peer, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(PeerPaths.Interpreter(peer))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(PeerPaths.Script(peer));
        info.ArgumentList.Add("server");
        info.ArgumentList.Add("--stdin-lifetime");
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start the {peer} peer");
        var announced = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                announced.TrySetException(new InvalidOperationException($"{peer} peer exited before listening:\n{log}"));
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (e.Data.StartsWith("LISTENING ", StringComparison.Ordinal))
            {
                announced.TrySetResult(int.Parse(e.Data["LISTENING ".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var port = await announced.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            return new PeerProcess(process, port);
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(_process);
        }
        catch (IOException)
        {
            Kill(_process);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}

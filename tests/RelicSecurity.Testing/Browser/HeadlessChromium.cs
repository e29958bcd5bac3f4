using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RelicSecurity.Testing.Browser;

/// <summary>
/// Debian's chromium (scripts/install.sh installs it; never a downloaded browser), headless, with a throwaway profile,
/// driven through the DevTools protocol on a port it picks itself and announces on stderr.
/// </summary>
public sealed partial class HeadlessChromium : IAsyncDisposable
{
    /// <summary>RELIC_CHROMIUM overrides the Debian path.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("RELIC_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private readonly CdpConnection _connection;

    private HeadlessChromium(Process process, string profile, CdpConnection connection)
    {
        _process = process;
        _profile = profile;
        _connection = connection;
    }

    public static async Task<HeadlessChromium> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Executable))
        {
            throw new FileNotFoundException($"No chromium at {Executable}: run scripts/install.sh (it installs Debian's chromium).", Executable);
        }

        var profile = Directory.CreateTempSubdirectory("relic-chromium-").FullName;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
        foreach (var argument in new[]
                 {
                     "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                     "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile}",
                     "--window-size=1400,900", "--lang=zh-CN", "about:blank",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).Ignore();
        try
        {
            var socket = await DevToolsAddressAsync(process, cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            return new HeadlessChromium(process, profile, await CdpConnection.ConnectAsync(socket, cancellationToken));
        }
        catch
        {
            Stop(process, profile);
            throw;
        }
    }

    /// <summary>A new tab with its own DevTools session (page and runtime domains on).</summary>
    public async Task<BrowserPage> NewPageAsync()
    {
        var target = await _connection.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var targetId = target["targetId"]!.GetValue<string>();
        var attached = await _connection.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = targetId, ["flatten"] = true });
        var sessionId = attached["sessionId"]!.GetValue<string>();
        await _connection.SendAsync("Page.enable", sessionId: sessionId);
        await _connection.SendAsync("Runtime.enable", sessionId: sessionId);
        return new BrowserPage(_connection, targetId, sessionId);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        Stop(_process, _profile);
    }

    private static async Task<Uri> DevToolsAddressAsync(Process process, CancellationToken cancellationToken)
    {
        var seen = new List<string>();
        while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
        {
            if (DevToolsLine().Match(line) is { Success: true } match)
            {
                // Keep draining stderr, or chromium blocks once the pipe is full.
                process.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default).Ignore();
                return new Uri(match.Groups["url"].Value);
            }

            seen.Add(line);
        }

        throw new InvalidOperationException($"chromium exited ({process.ExitCode}) before announcing DevTools: {string.Join(Environment.NewLine, seen)}");
    }

    private static void Stop(Process process, string profile)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        finally
        {
            process.Dispose();
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A helper process may still hold a file for a moment; the temp directory is cleaned eventually.
            }
        }
    }

    [GeneratedRegex(@"DevTools listening on (?<url>ws://\S+)")]
    private static partial Regex DevToolsLine();
}

internal static class TaskExtensions
{
    /// <summary>A background drain whose end nobody awaits (its failures are of no interest).</summary>
    public static void Ignore(this Task task) => _ = task;
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace RelicSecurity.Testing.Browser;

/// <summary>One tab of the headless browser, driven through its flattened DevTools session.</summary>
public sealed class BrowserPage(CdpConnection connection, string targetId, string sessionId)
{
    public string TargetId { get; } = targetId;

    public async Task NavigateAsync(Uri url)
    {
        var result = await connection.SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() }, sessionId);
        if (result["errorText"] is JsonValue error)
        {
            throw new InvalidOperationException($"Navigating to {url} failed: {error}");
        }
    }

    /// <summary>Evaluates a JavaScript expression in the page (promises awaited) and returns its JSON value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await connection.SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        }, sessionId);
        if (result["exceptionDetails"] is JsonObject exception)
        {
            throw new InvalidOperationException($"The page threw evaluating `{expression}`: {exception.ToJsonString()}");
        }

        var value = result["result"]?["value"];
        return value is null ? default : JsonSerializer.SerializeToElement(value);
    }

    /// <summary>The expression's value as JavaScript writes it (String(value)): "true", "31", text as it is.</summary>
    public async Task<string> TextAsync(string expression) => (await EvaluateAsync($"String({expression})")).GetString()!;

    /// <summary>A PNG of the whole page at its full height.</summary>
    public async Task ScreenshotAsync(string path)
    {
        var metrics = await connection.SendAsync("Page.getLayoutMetrics", sessionId: sessionId);
        var height = (int)Math.Ceiling(metrics["cssContentSize"]?["height"]?.GetValue<double>() ?? 900);
        await connection.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
        {
            ["width"] = 1400, ["height"] = Math.Clamp(height, 600, 4000), ["deviceScaleFactor"] = 1, ["mobile"] = false,
        }, sessionId);
        var shot = await connection.SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, sessionId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot["data"]!.GetValue<string>()));
    }
}

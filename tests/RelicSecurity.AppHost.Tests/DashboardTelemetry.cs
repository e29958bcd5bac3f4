using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RelicSecurity.AppHost.Tests;

/// <summary>One span as the dashboard's telemetry API returns it (OTLP JSON), with the service that sent it.</summary>
public sealed record TraceSpan(string Service, string Name, string SpanId, string ParentSpanId);

/// <summary>The spans of one trace; printed one per line when a test fails.</summary>
public sealed record Trace(IReadOnlyList<TraceSpan> Spans)
{
    public override string ToString() =>
        Spans.Count == 0 ? "no spans" : string.Join("; ", Spans.Select(span => $"{span.Service}: {span.Name}"));
}

/// <summary>Reads traces from the Aspire dashboard's telemetry API (GET /api/telemetry/traces/{id}, x-api-key).</summary>
public sealed class DashboardTelemetry(Dashboard dashboard) : IDisposable
{
    private readonly HttpClient client = new() { BaseAddress = new Uri(dashboard.Url), Timeout = TimeSpan.FromSeconds(10) };

    public async Task<Trace> TraceAsync(string traceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/telemetry/traces/{traceId}");
        request.Headers.Add("x-api-key", dashboard.ApiKey);
        using var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new Trace([]);
        }
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var spans = new List<TraceSpan>();
        foreach (var resource in body.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = resource.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                .Where(a => a.GetProperty("key").GetString() == "service.name")
                .Select(a => a.GetProperty("value").GetProperty("stringValue").GetString())
                .FirstOrDefault() ?? "?";
            foreach (var scope in resource.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    spans.Add(new TraceSpan(service, span.GetProperty("name").GetString() ?? "",
                        span.GetProperty("spanId").GetString() ?? "",
                        span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() ?? "" : ""));
                }
            }
        }
        return new Trace(spans);
    }

    /// <summary>The services the dashboard holds traces of (for failure messages).</summary>
    public async Task<string> ResourcesAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/telemetry/resources");
        request.Headers.Add("x-api-key", dashboard.ApiKey);
        using var response = await client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    public void Dispose() => client.Dispose();
}

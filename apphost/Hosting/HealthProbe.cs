using System.Net;

namespace RelicSecurity.AppHost;

/// <summary>
/// Waits for GET /health/ready to answer 200. Over HTTP/2 cleartext with prior knowledge: the
/// services' Kestrel speaks HTTP/2 only, so an HTTP/1.1 request would never be answered.
/// </summary>
internal static class HealthProbe
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    public static async Task WaitUntilHealthyAsync(ProjectResource project, ChildProcess child, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (child.Exited.IsCompleted)
            {
                throw new InvalidOperationException($"{project.Name} exited with code {await child.Exited} before it was healthy.");
            }
            if (await IsHealthyAsync(project, ct))
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{project.Name} was not healthy at {project.Url}/health/ready after {timeout.TotalSeconds:0} s.");
            }
            await Task.WhenAny(child.Exited, Task.Delay(100, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    private static async Task<bool> IsHealthyAsync(ProjectResource project, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{project.Url}/health/ready")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        try
        {
            using var response = await Client.SendAsync(request, ct);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}

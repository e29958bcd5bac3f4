using Microsoft.AspNetCore.Builder;
using RelicSecurity.Testing;
using Xunit;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>
/// Sites, the services a test asks for, and the gateway in front of them (started through <see cref="SuiteHosts"/>),
/// stopped in the reverse order: the suite the end-to-end tests of relicctl and of province reach run against.
/// </summary>
internal sealed class RunningSuite : IAsyncDisposable
{
    private readonly List<WebApplication> _started = [];

    private RunningSuite()
    {
    }

    /// <summary>The gateway's address, for relicctl's --gateway and for channels.</summary>
    public string Gateway => _started[^1].Urls.Single();

    public static async Task<RunningSuite> StartAsync(LocalServersFixture servers, bool cases, bool inspections)
    {
        var suite = new RunningSuite();
        try
        {
            var sites = suite.Add(await SuiteHosts.StartSitesAsync(servers)).Urls.Single();
            var settings = new Dictionary<string, string?>();
            if (cases)
            {
                settings["ReverseProxy:Clusters:cases:Destinations:primary:Address"] =
                    suite.Add(await SuiteHosts.StartCasesAsync(servers, sites)).Urls.Single();
            }

            var inspectionsAddress = inspections ? suite.Add(await SuiteHosts.StartInspectionsAsync(servers, sites)).Urls.Single() : null;
            suite.Add(await SuiteHosts.StartGatewayAsync(sites, inspectionsAddress, settings));
            return suite;
        }
        catch
        {
            await suite.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }
    }

    private WebApplication Add(WebApplication app)
    {
        _started.Add(app);
        return app;
    }
}

/// <summary>Test classes whose every test runs against a fresh <see cref="RunningSuite"/> (started before it, stopped after).</summary>
public abstract class AgainstRunningSuite(LocalServersFixture servers, bool cases, bool inspections) : IAsyncLifetime
{
    private RunningSuite _suite = null!;

    /// <summary>The gateway's address, for relicctl's --gateway.</summary>
    protected string Gateway => _suite.Gateway;

    public async Task InitializeAsync() => _suite = await RunningSuite.StartAsync(servers, cases, inspections);

    public async Task DisposeAsync() => await _suite.DisposeAsync();
}

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using RelicSecurity.Contracts.Sites.V1;
using Grpc.Core;
using Grpc.Net.Client;
using RelicSecurity.Sites.Extensions;
using RelicSecurity.Testing;

namespace RelicSecurity.Sites.Tests.Service;

/// <summary>
/// The real Sites service (same wiring as Program.cs) on a free loopback port, trusting this test run's
/// tokens, with a typed client that calls as the national working group and <see cref="ClientFor"/> for others.
/// </summary>
public sealed class SitesServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private SitesServiceHost(WebApplication app, string address, string databaseConnection)
    {
        _app = app;
        DatabaseConnection = databaseConnection;
        Address = address;
        _channel = GrpcChannel.ForAddress(address);
        Client = ClientFor(TestTokens.National());
    }

    public string Address { get; }

    public string DatabaseConnection { get; }

    public SiteService.SiteServiceClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>A client that sends <paramref name="token"/> on every call.</summary>
    public SiteService.SiteServiceClient ClientFor(string token) => new(_channel.WithToken(token));

    /// <summary>A client that sends no token at all.</summary>
    public SiteService.SiteServiceClient Anonymous => new(_channel);

    /// <summary>Starts against the test run's servers with a fresh database.</summary>
    public static async Task<SitesServiceHost> StartAsync(LocalServersFixture servers, string? databaseConnection = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        return await StartAsync(databaseConnection ?? await servers.CreateDatabaseAsync("sites"), servers.Redis.ConnectionString, servers.RabbitMq.ConnectionString, settings);
    }

    public static async Task<SitesServiceHost> StartAsync(string databaseConnection, string redisConnection, string eventBusConnection,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = await SitesApplication.StartOnLoopbackAsync(databaseConnection, redisConnection, eventBusConnection,
            builder =>
            {
                TestTokens.Trust(builder.Configuration);
                builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
            });
        return new SitesServiceHost(app, app.Urls.Single(), databaseConnection);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

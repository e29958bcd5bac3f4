using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RelicSecurity.Cases.Extensions;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Sites.Extensions;
using RelicSecurity.Testing;

namespace RelicSecurity.Cases.Tests.Service;

/// <summary>
/// The real Cases service (same wiring as Program.cs) beside a real Sites service, each on a free loopback port with
/// its own database, both trusting this run's test tokens; typed clients per token.
/// </summary>
public sealed class CasesServiceHost : IAsyncDisposable
{
    private readonly WebApplication _cases;
    private readonly WebApplication? _sites;
    private readonly GrpcChannel _casesChannel;
    private readonly GrpcChannel? _sitesChannel;

    private CasesServiceHost(WebApplication cases, WebApplication? sites, string databaseConnection, ShiftableClock clock)
    {
        _cases = cases;
        Clock = clock;
        _sites = sites;
        DatabaseConnection = databaseConnection;
        _casesChannel = GrpcChannel.ForAddress(cases.Urls.Single());
        _sitesChannel = sites is null ? null : GrpcChannel.ForAddress(sites.Urls.Single());
    }

    public string DatabaseConnection { get; }

    /// <summary>The clock the Cases service reads: shift it to move the service's time.</summary>
    public ShiftableClock Clock { get; }

    public IServiceProvider Services => _cases.Services;

    public CaseService.CaseServiceClient Cases(string token) => new(_casesChannel.WithToken(token));

    public AuditService.AuditServiceClient Audit(string token) => new(_casesChannel.WithToken(token));

    public SiteService.SiteServiceClient Sites(string token) =>
        new((_sitesChannel ?? throw new InvalidOperationException("this host runs without Sites")).WithToken(token));

    /// <summary>Sites and Cases on fresh databases; <paramref name="sitesAddress"/> replaces the real Sites (e.g. a closed port).</summary>
    public static async Task<CasesServiceHost> StartAsync(LocalServersFixture servers, IReadOnlyDictionary<string, string?>? settings = null,
        string? sitesAddress = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        WebApplication? sites = null;
        if (sitesAddress is null)
        {
            sites = await SitesApplication.StartOnLoopbackAsync(await servers.CreateDatabaseAsync("cases_sites"), servers.Redis.ConnectionString,
                servers.RabbitMq.ConnectionString, builder => TestTokens.Trust(builder.Configuration));
            sitesAddress = sites.Urls.Single();
        }

        var database = await servers.CreateDatabaseAsync("cases");
        var clock = new ShiftableClock();
        var cases = await CasesApplication.StartOnLoopbackAsync(database, servers.RabbitMq.ConnectionString, sitesAddress, builder =>
        {
            TestTokens.Trust(builder.Configuration);
            builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
            builder.Services.AddSingleton<TimeProvider>(clock);
        });
        return new CasesServiceHost(cases, sites, database, clock);
    }

    /// <summary>Counts rows of a table as the database owner (bypassing the service), e.g. to prove nothing was stored.</summary>
    public async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        _casesChannel.Dispose();
        _sitesChannel?.Dispose();
        await _cases.StopAsync();
        await _cases.DisposeAsync();
        if (_sites is not null)
        {
            await _sites.StopAsync();
            await _sites.DisposeAsync();
        }
    }
}

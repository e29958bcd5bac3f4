using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RelicSecurity.LocalInfrastructure;

namespace RelicSecurity.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL, Redis and RabbitMQ without containers: custom resources whose processes LocalInfrastructure
/// runs from the Debian packages (Aspire's AddPostgres/AddRedis/AddRabbitMQ need a container runtime).
/// Each starts when the app does, is Running once its process answers, and healthy while its protocol
/// answers; <c>WaitFor</c> on it holds a service back until then.
/// </summary>
internal static class LocalServerExtensions
{
    public static IResourceBuilder<LocalServerResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name, string dataDirectory) =>
        builder.AddLocalServer(name, "postgres", dataDirectory, async (directory, ct) => await PostgresServer.StartAsync(directory, ct));

    public static IResourceBuilder<LocalServerResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name, string dataDirectory) =>
        builder.AddLocalServer(name, "redis", dataDirectory, async (directory, ct) => await RedisServer.StartAsync(directory, ct));

    /// <summary>RabbitMQ with its own epmd (tracked with it, stopped after it).</summary>
    public static IResourceBuilder<LocalServerResource> AddLocalRabbitMq(this IDistributedApplicationBuilder builder, string name, string dataDirectory) =>
        builder.AddLocalServer(name, "rabbitmq", dataDirectory, async (directory, ct) => await RabbitMqServer.StartAsync(directory, ct));

    /// <summary>A database of the server, created when missing once the server runs.</summary>
    public static IResourceBuilder<LocalDatabaseResource> AddDatabase(this IResourceBuilder<LocalServerResource> server, string name, string databaseName)
    {
        var builder = server.ApplicationBuilder;
        var database = new LocalDatabaseResource(name, databaseName, server.Resource);
        var healthKey = $"{name}-answers";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthKey, ct => DatabaseAnswersAsync(database, ct));
        builder.Eventing.Subscribe<InitializeResourceEvent>(database, (e, ct) =>
        {
            _ = CreateAsync(e, database, e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            return Task.CompletedTask;
        });
        return builder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Database",
                State = KnownResourceStates.Waiting,
                Properties = [new("database", databaseName)],
            })
            .WithHealthCheck(healthKey)
            .ExcludeFromManifest();
    }

    private static IResourceBuilder<LocalServerResource> AddLocalServer(this IDistributedApplicationBuilder builder, string name, string kind,
        string dataDirectory, Func<string, CancellationToken, Task<LocalServer>> start)
    {
        var resource = new LocalServerResource(name, kind, Path.Combine(dataDirectory, kind));
        builder.Services.TryAddSingleton<LocalServers>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LocalServers>());
        var healthKey = $"{name}-answers";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthKey, ct => ServerAnswersAsync(resource, ct));
        builder.Eventing.Subscribe<InitializeResourceEvent>(resource, (e, ct) =>
        {
            // In the background: the three servers and the dashboard start side by side.
            _ = StartAsync(e, resource, start, e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            return Task.CompletedTask;
        });
        return builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = kind switch { "postgres" => "PostgreSQL", "redis" => "Redis", _ => "RabbitMQ" },
                State = KnownResourceStates.NotStarted,
                Properties = [new("data directory", resource.DataDirectory)],
            })
            .WithHealthCheck(healthKey)
            .ExcludeFromManifest();
    }

    private static async Task StartAsync(InitializeResourceEvent e, LocalServerResource resource,
        Func<string, CancellationToken, Task<LocalServer>> start, CancellationToken stopping)
    {
        var log = e.Logger;
        await e.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Starting });
        var clock = Stopwatch.StartNew();
        try
        {
            var server = await start(resource.DataDirectory, stopping);
            e.Services.GetRequiredService<LocalServers>().Add(server);
            log.LogInformation("{Kind} answers on 127.0.0.1:{Port} after {Seconds:0.0} s (data in {Directory})",
                resource.Kind, server.Port, clock.Elapsed.TotalSeconds, resource.DataDirectory);
            await e.Notifications.PublishUpdateAsync(resource, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
                Properties = [.. s.Properties, .. Describe(server)],
            });
            resource.MarkStarted(server);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            if (!stopping.IsCancellationRequested)
            {
                log.LogError(failure, "{Kind} did not start", resource.Kind);
            }
            resource.MarkFailed(failure);
            await e.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.FailedToStart });
        }
    }

    private static async Task CreateAsync(InitializeResourceEvent e, LocalDatabaseResource database, CancellationToken stopping)
    {
        try
        {
            var server = (PostgresServer)await database.Parent.Started.WaitAsync(stopping);
            await e.Notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Starting });
            var created = await server.EnsureDatabaseAsync(database.DatabaseName, stopping);
            e.Logger.LogInformation(created ? "database {Database} created" : "database {Database} exists", database.DatabaseName);
            database.MarkCreated();
            await e.Notifications.PublishUpdateAsync(database, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            if (!stopping.IsCancellationRequested)
            {
                e.Logger.LogError(failure, "database {Database} is not available", database.DatabaseName);
            }
            await e.Notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.FailedToStart });
        }
    }

    private static IEnumerable<ResourcePropertySnapshot> Describe(LocalServer server) =>
        server.Ports.Select(port => new ResourcePropertySnapshot($"port ({port.Key})", port.Value.ToString(CultureInfo.InvariantCulture)))
            .Concat(server.Processes.Select(process => new ResourcePropertySnapshot($"pid ({process.Role})", process.Pid.ToString(CultureInfo.InvariantCulture))));

    private static async Task<HealthCheckResult> ServerAnswersAsync(LocalServerResource resource, CancellationToken ct)
    {
        if (!resource.Started.IsCompletedSuccessfully)
        {
            return HealthCheckResult.Unhealthy($"{resource.Kind} has not started");
        }
        var server = resource.Started.Result;
        try
        {
            return await server.AnswersAsync(ct)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{resource.Kind} does not answer on 127.0.0.1:{server.Port}");
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{resource.Kind} does not answer on 127.0.0.1:{server.Port}", failure);
        }
    }

    private static async Task<HealthCheckResult> DatabaseAnswersAsync(LocalDatabaseResource database, CancellationToken ct)
    {
        if (!database.Created.IsCompleted || !database.Parent.Started.IsCompletedSuccessfully)
        {
            return HealthCheckResult.Unhealthy($"database {database.DatabaseName} is not created yet");
        }
        var server = (PostgresServer)database.Parent.Started.Result;
        try
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString(database.DatabaseName) + ";Pooling=false;Timeout=5");
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception failure) when (failure is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"database {database.DatabaseName} does not answer", failure);
        }
    }
}

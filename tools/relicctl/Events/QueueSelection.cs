using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging.Operations;

namespace RelicSecurity.Cli.Events;

/// <summary>Which consumer queues an errors/redrive command looks at.</summary>
internal static class QueueSelection
{
    public static async Task<IReadOnlyList<string>> ResolveAsync(string[] queues, string[] databases, CancellationToken cancellationToken)
    {
        if (queues.Length > 0)
        {
            return queues;
        }

        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var database in databases)
        {
            await using var dataSource = NpgsqlDataSource.Create(database);
            found.UnionWith(await EndpointQueues.ReadAsync(dataSource, cancellationToken));
        }

        return [.. found];
    }
}

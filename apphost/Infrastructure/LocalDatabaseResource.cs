using Aspire.Hosting.ApplicationModel;
using RelicSecurity.LocalInfrastructure;

namespace RelicSecurity.AppHost.Infrastructure;

/// <summary>A database of the local PostgreSQL server, created at start when missing (data kept across runs).</summary>
internal sealed class LocalDatabaseResource(string name, string databaseName, LocalServerResource parent)
    : Resource(name), IResourceWithParent<LocalServerResource>, IResourceWithConnectionString
{
    private readonly TaskCompletionSource created = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string DatabaseName { get; } = databaseName;

    public LocalServerResource Parent { get; } = parent;

    public Task Created => created.Task;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{new StartedServerValue(Name, Parent, server => ((PostgresServer)server).ConnectionString(DatabaseName))}");

    public void MarkCreated() => created.TrySetResult();
}

using Aspire.Hosting.ApplicationModel;
using RelicSecurity.LocalInfrastructure;

namespace RelicSecurity.AppHost.Infrastructure;

/// <summary>
/// A value known only once a local server runs (its ports are those of the last run when free, else
/// new ones): resolving it waits for the start.
/// </summary>
internal sealed class StartedServerValue(string name, LocalServerResource server, Func<LocalServer, string> read)
    : IValueProvider, IManifestExpressionProvider
{
    public string ValueExpression => $"{{{name}.connectionString}}";

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        read(await server.Started.WaitAsync(cancellationToken));
}

namespace RelicSecurity.AppHost;

/// <summary>
/// Something a project can reference: passed as ConnectionStrings__&lt;Name&gt;. The value is known
/// only once the infrastructure runs (its ports are free ports or those of the last run).
/// </summary>
internal class ConnectionStringResource(string name, Func<string> value)
{
    public string Name { get; } = name;

    public string Value => value();
}

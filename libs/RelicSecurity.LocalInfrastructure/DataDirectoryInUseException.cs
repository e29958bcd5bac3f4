namespace RelicSecurity.LocalInfrastructure;

/// <summary>Another living process already runs a server in this data directory.</summary>
public sealed class DataDirectoryInUseException(string dataDirectory, int ownerPid)
    : Exception($"{dataDirectory} is in use by the running process {ownerPid}; stop it or use another data directory.")
{
    public int OwnerPid { get; } = ownerPid;
}

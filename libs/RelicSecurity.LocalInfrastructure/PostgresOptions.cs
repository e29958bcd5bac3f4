namespace RelicSecurity.LocalInfrastructure;

/// <summary>How a private PostgreSQL server trades safety for speed.</summary>
/// <param name="Fsync">
/// false for throwaway test servers: writes still survive a SIGKILL of the server (they are in the
/// kernel's page cache), only a machine crash loses them.
/// </param>
public sealed record PostgresOptions(bool Fsync = true)
{
    public static PostgresOptions Durable { get; } = new();

    public static PostgresOptions Throwaway { get; } = new(Fsync: false);
}

namespace RelicSecurity.LocalInfrastructure;

/// <summary>Where the three servers keep their data (subdirectories postgres/, redis/, rabbitmq/).</summary>
/// <param name="Throwaway">true for test runs: PostgreSQL skips fsync (see <see cref="PostgresOptions"/>).</param>
public sealed record LocalInfrastructureOptions(string DataDirectory, bool Throwaway = false);

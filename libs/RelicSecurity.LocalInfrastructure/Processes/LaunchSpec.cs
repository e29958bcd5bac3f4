namespace RelicSecurity.LocalInfrastructure.Processes;

/// <summary>How to start one server process and how to ask it to stop.</summary>
/// <param name="Role">Name in the state file and log file name, e.g. "postgres", "epmd".</param>
/// <param name="StopSignal">The signal that makes the program shut down cleanly.</param>
/// <param name="Companion">A helper that survives <see cref="LocalServer.Kill"/> (RabbitMQ's epmd).</param>
internal sealed record LaunchSpec(
    string Role,
    string FileName,
    IReadOnlyList<string> Arguments,
    string LogFile,
    int StopSignal,
    IReadOnlyDictionary<string, string>? Environment = null,
    string? RunAsUser = null,
    bool Companion = false);

namespace RelicSecurity.LocalInfrastructure;

/// <summary>A server program is not installed; the message names the Debian package that provides it.</summary>
public sealed class MissingServerBinaryException(string path, string aptPackage)
    : Exception($"{path} is missing: install the Debian package '{aptPackage}' (apt-get install -y {aptPackage}, or run scripts/install.sh).")
{
    public string Path { get; } = path;

    public string AptPackage { get; } = aptPackage;
}

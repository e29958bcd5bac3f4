namespace RelicSecurity.Gateway.Dashboard;

/// <summary>
/// The "Dashboard" settings: where the national dashboard page listens (a second, HTTP/1.1 endpoint of the gateway,
/// since browsers speak no cleartext HTTP/2 and the gRPC endpoint speaks nothing else) and whether the local sign-in
/// may issue tokens.
/// </summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>The page's address, e.g. http://127.0.0.1:7180 (a fixed port: the endpoint is told apart by it). Unset: no page.</summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// PEM private key of the local development signing key (the app host's data directory). The local sign-in issues
    /// tokens only when this is set and its public half is the very key the gateway validates tokens with.
    /// </summary>
    public string? LocalSignInKeyPath { get; set; }
}

namespace RelicSecurity.Gateway.Routing;

/// <summary>A suite backend the gateway forwards to, with the address the app host configured for it.</summary>
public sealed record ForwardedBackend(SuiteBackend Backend, Uri Address);

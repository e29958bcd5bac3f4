namespace RelicSecurity.ServiceDefaults.Grpc;

/// <summary>
/// A gRPC service name as grpc.health.v1 callers ask for it, and the health checks (by name) it
/// really depends on: SiteService is SERVING only while the sites database answers.
/// </summary>
public sealed record GrpcServiceReadiness(string ServiceName, params string[] DependsOn);

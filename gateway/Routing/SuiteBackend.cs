namespace RelicSecurity.Gateway.Routing;

/// <summary>One backend service process and the gRPC services it serves (from the Contracts descriptors).</summary>
public sealed record SuiteBackend(string Name, IReadOnlyList<Google.Protobuf.Reflection.ServiceDescriptor> Services);

namespace RelicSecurity.Grpc;

/// <summary>Endpoint metadata naming the gRPC method an endpoint serves (for middleware and diagnostics).</summary>
public sealed record GrpcMethodMetadata(Type ServiceType, IMethod Method);

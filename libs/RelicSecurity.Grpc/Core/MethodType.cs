namespace RelicSecurity.Grpc;

/// <summary>The four gRPC call shapes.</summary>
public enum MethodType
{
    Unary,
    ClientStreaming,
    ServerStreaming,
    DuplexStreaming,
}

using Microsoft.Extensions.Logging;

namespace RelicSecurity.Grpc.Server;

/// <summary>Settings of one mapped method after merging server-wide and per-service options (computed once).</summary>
internal sealed record ResolvedMethodOptions(
    int MaxReceiveMessageSize,
    int MaxSendMessageSize,
    string? ResponseCompressionAlgorithm,
    bool EnableDetailedErrors,
    ILogger Logger);

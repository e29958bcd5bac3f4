using Microsoft.Extensions.Logging;

namespace RelicSecurity.Grpc.Server;

internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Error, "gRPC method {Method} threw an unhandled exception; answered UNKNOWN.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(2, LogLevel.Debug, "gRPC call {Method} ended with {StatusCode}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(3, LogLevel.Debug, "gRPC call {Method} exceeded its deadline.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(4, LogLevel.Debug, "gRPC call {Method} was cancelled by the client.")]
    public static partial void ClientCancelled(ILogger logger, string method);

    [LoggerMessage(5, LogLevel.Debug, "Could not send the status of gRPC call {Method}.")]
    public static partial void StatusWriteFailed(ILogger logger, string method, Exception exception);
}

using Microsoft.Extensions.Logging;

namespace RelicSecurity.ServiceDefaults.Messaging;

internal static partial class MessagingLog
{
    [LoggerMessage(30, LogLevel.Warning, "No consumer on {Queues} although the broker is up; restarting the bus to reattach them")]
    public static partial void ConsumersDetached(ILogger logger, string queues);

    [LoggerMessage(31, LogLevel.Information, "Bus restarted by the consumer watchdog")]
    public static partial void BusRestarted(ILogger logger);

    [LoggerMessage(32, LogLevel.Error, "The consumer watchdog could not restart the bus ({Reason}); it tries again at its next check")]
    public static partial void BusRestartFailed(ILogger logger, string reason);
}

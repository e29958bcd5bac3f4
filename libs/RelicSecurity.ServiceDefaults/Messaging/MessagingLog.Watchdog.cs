using Microsoft.Extensions.Logging;

namespace RelicSecurity.ServiceDefaults.Messaging;

internal static partial class MessagingLog
{
    [LoggerMessage(30, LogLevel.Warning, "Stuck consumer queues although the broker is up: {Queues}; restarting the bus")]
    public static partial void ConsumersStuck(ILogger logger, string queues);

    [LoggerMessage(33, LogLevel.Debug, "The consumer watchdog could not look at the queues ({Type}: {Reason})")]
    public static partial void WatchdogLookFailed(ILogger logger, string type, string reason);

    [LoggerMessage(31, LogLevel.Information, "Bus restarted by the consumer watchdog")]
    public static partial void BusRestarted(ILogger logger);

    [LoggerMessage(32, LogLevel.Error, "The consumer watchdog could not restart the bus ({Reason}); it tries again at its next check")]
    public static partial void BusRestartFailed(ILogger logger, string reason);
}

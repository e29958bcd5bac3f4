using Microsoft.Extensions.Logging;

namespace RelicSecurity.ServiceDefaults.Messaging;

internal static partial class MessagingLog
{
    [LoggerMessage(1, LogLevel.Warning, "Outbox relay cannot publish ({Reason}); retrying in {Delay}")]
    public static partial void RelayFailing(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(2, LogLevel.Information, "Outbox relay publishes again after {Duration}")]
    public static partial void RelayRecovered(ILogger logger, TimeSpan duration);

    [LoggerMessage(3, LogLevel.Debug, "Outbox relay published {Count} events from {Lanes} lanes")]
    public static partial void Published(ILogger logger, int count, int lanes);

    [LoggerMessage(5, LogLevel.Warning, "Messaging schema not ready ({Reason}); retrying in {Delay}")]
    public static partial void SchemaNotReady(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(6, LogLevel.Information, "Duplicate message {MessageId} absorbed by {Consumer} (delivery {Deliveries})")]
    public static partial void DuplicateAbsorbed(ILogger logger, Guid messageId, string consumer, int deliveries);

    [LoggerMessage(7, LogLevel.Error, "Outbox row {Id} names the unknown event type {MessageType}; its partition waits")]
    public static partial void UnknownEventType(ILogger logger, Guid id, string messageType);

    [LoggerMessage(8, LogLevel.Information, "Removed {Outbox} sent outbox rows and {Inbox} inbox records older than {Retention}")]
    public static partial void RetentionApplied(ILogger logger, int outbox, int inbox, TimeSpan retention);

    [LoggerMessage(9, LogLevel.Warning, "Could not record endpoint {Queue} ({Reason})")]
    public static partial void EndpointNotRecorded(ILogger logger, string queue, string reason);

    [LoggerMessage(10, LogLevel.Warning, "The effect of message {MessageId} committed in {Consumer}, but its OnEffectCommitted hook failed")]
    public static partial void EffectCommittedHookFailed(ILogger logger, Guid messageId, string consumer, Exception exception);
}

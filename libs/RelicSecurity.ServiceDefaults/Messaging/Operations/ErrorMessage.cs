namespace RelicSecurity.ServiceDefaults.Messaging.Operations;

/// <summary>A message MassTransit moved to an <c>_error</c> queue after its retries, with the fault headers it added.</summary>
public sealed record ErrorMessage(
    string ErrorQueue,
    string MessageId,
    string? MessageType,
    string? ExceptionType,
    string? ExceptionMessage,
    string? StackTrace,
    string? FaultedAt,
    string? RetryCount,
    string Body);

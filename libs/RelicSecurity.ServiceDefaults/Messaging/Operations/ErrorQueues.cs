using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace RelicSecurity.ServiceDefaults.Messaging.Operations;

/// <summary>
/// Reads and re-drives the <c>_error</c> queues of consumer queues. Messages are taken without
/// acknowledging them, so whatever is not re-driven returns to the error queue untouched.
/// </summary>
public sealed class ErrorQueues(string eventBusConnectionString) : IAsyncDisposable
{
    const string FaultHeaderPrefix = "MT-Fault-";
    const string ReasonHeader = "MT-Reason";
    public const string RedrivenAtHeader = "Relic-Redriven-At";

    IConnection? connection;

    public async Task<IReadOnlyList<ErrorMessage>> ListAsync(IEnumerable<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        var messages = new List<ErrorMessage>();
        foreach (var queue in queues)
        {
            var errorQueue = queue + EndpointQueues.ErrorSuffix;
            messages.AddRange(await WhileQueueStartsAsync(() => ListOneAsync(errorQueue, cancellationToken), cancellationToken));
        }

        return messages;
    }

    /// <summary>Moves the chosen messages (all when <paramref name="messageIds"/> is null) back to their queue.</summary>
    public async Task<IReadOnlyList<RedriveResult>> RedriveAsync(IEnumerable<string> queues, IReadOnlySet<string>? messageIds,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        var results = new List<RedriveResult>();
        foreach (var queue in queues)
        {
            var errorQueue = queue + EndpointQueues.ErrorSuffix;
            var moved = await WhileQueueStartsAsync(() => RedriveOneAsync(queue, errorQueue, messageIds, cancellationToken), cancellationToken);
            if (moved.Count > 0)
            {
                results.Add(new RedriveResult(errorQueue, queue, moved));
            }
        }

        return results;
    }

    async Task<List<ErrorMessage>> ListOneAsync(string errorQueue, CancellationToken cancellationToken)
    {
        await using var channel = await OpenIfExistsAsync(errorQueue, confirms: false, cancellationToken);
        if (channel is null)
        {
            return [];
        }

        var taken = await TakeAllAsync(channel, errorQueue, cancellationToken);
        var messages = taken.Select(result => Describe(errorQueue, result)).ToList();
        await ReturnAsync(channel, taken, cancellationToken);
        return messages;
    }

    async Task<List<string>> RedriveOneAsync(string queue, string errorQueue, IReadOnlySet<string>? messageIds,
        CancellationToken cancellationToken)
    {
        await using var channel = await OpenIfExistsAsync(errorQueue, confirms: true, cancellationToken);
        if (channel is null)
        {
            return [];
        }

        var taken = await TakeAllAsync(channel, errorQueue, cancellationToken);
        var moved = new List<string>();
        var keep = new List<BasicGetResult>();
        foreach (var result in taken)
        {
            var id = MessageIdOf(result);
            if (messageIds is not null && !messageIds.Contains(id))
            {
                keep.Add(result);
                continue;
            }

            // Mandatory + confirms: the publish only counts once the broker routed and stored it;
            // the error copy is acknowledged (removed) only after that.
            await channel.BasicPublishAsync("", queue, mandatory: true, RedriveProperties(result.BasicProperties), result.Body,
                cancellationToken);
            await channel.BasicAckAsync(result.DeliveryTag, multiple: false, cancellationToken);
            moved.Add(id);
        }

        await ReturnAsync(channel, keep, cancellationToken);
        return moved;
    }

    /// <summary>
    /// A quorum queue whose replica process is still starting (just declared, or the node is busy)
    /// answers basic.get with 541 "noproc", a connection-level error. Nothing was taken then: messages
    /// held unacknowledged on the closed connection return to the queue, and ones already re-driven were
    /// acknowledged, so trying again on a new connection is safe.
    /// </summary>
    async Task<T> WhileQueueStartsAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation();
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 541 && attempt < 20)
            {
                if (connection is { IsOpen: false })
                {
                    await connection.DisposeAsync();
                    connection = null;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Min(attempt, 4)), cancellationToken);
            }
        }
    }

    async Task<IChannel?> OpenIfExistsAsync(string queue, bool confirms, CancellationToken cancellationToken)
    {
        connection ??= await new ConnectionFactory { Uri = new Uri(eventBusConnectionString), ClientProvidedName = "relicctl" }
            .CreateConnectionAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: confirms, publisherConfirmationTrackingEnabled: confirms),
            cancellationToken);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            return channel;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            // No message ever failed there, so MassTransit never created the error queue.
            await channel.DisposeAsync();
            return null;
        }
    }

    static async Task<List<BasicGetResult>> TakeAllAsync(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        // Unacknowledged messages are not handed out again on the same channel, so this ends.
        var taken = new List<BasicGetResult>();
        while (await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } result)
        {
            taken.Add(result);
        }

        return taken;
    }

    static async Task ReturnAsync(IChannel channel, List<BasicGetResult> keep, CancellationToken cancellationToken)
    {
        foreach (var result in keep)
        {
            await channel.BasicNackAsync(result.DeliveryTag, multiple: false, requeue: true, cancellationToken);
        }
    }

    static BasicProperties RedriveProperties(IReadOnlyBasicProperties original)
    {
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (original.Headers is not null)
        {
            foreach (var (key, value) in original.Headers)
            {
                if (!key.StartsWith(FaultHeaderPrefix, StringComparison.Ordinal) && key != ReasonHeader)
                {
                    headers[key] = value;
                }
            }
        }

        headers[RedrivenAtHeader] = Encoding.UTF8.GetBytes(DateTimeOffset.UtcNow.ToString("O"));
        return new BasicProperties(original)
        {
            Headers = headers,
            DeliveryMode = DeliveryModes.Persistent,
        };
    }

    static ErrorMessage Describe(string errorQueue, BasicGetResult result)
    {
        var headers = result.BasicProperties.Headers;
        var body = Encoding.UTF8.GetString(result.Body.Span);
        return new ErrorMessage(
            errorQueue,
            MessageIdOf(result),
            MessageTypeOf(body),
            Header(headers, "MT-Fault-ExceptionType"),
            Header(headers, "MT-Fault-Message"),
            Header(headers, "MT-Fault-StackTrace"),
            Header(headers, "MT-Fault-Timestamp"),
            Header(headers, "MT-Fault-RetryCount"),
            body);
    }

    static string MessageIdOf(BasicGetResult result)
    {
        if (!string.IsNullOrEmpty(result.BasicProperties.MessageId))
        {
            return result.BasicProperties.MessageId;
        }

        try
        {
            using var envelope = JsonDocument.Parse(result.Body);
            if (envelope.RootElement.TryGetProperty("messageId", out var id) && id.GetString() is { } value)
            {
                return value;
            }
        }
        catch (JsonException)
        {
            // Not a MassTransit envelope; fall through to the delivery tag.
        }

        return "tag-" + result.DeliveryTag;
    }

    static string? MessageTypeOf(string body)
    {
        try
        {
            using var envelope = JsonDocument.Parse(body);
            if (envelope.RootElement.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array
                && types.GetArrayLength() > 0)
            {
                return types[0].GetString()?.Replace("urn:message:", "", StringComparison.Ordinal);
            }
        }
        catch (JsonException)
        {
            // Raw (non-envelope) bodies carry no type.
        }

        return null;
    }

    static string? Header(IDictionary<string, object?>? headers, string key) =>
        headers is not null && headers.TryGetValue(key, out var value)
            ? value switch
            {
                null => null,
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            }
            : null;

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.CloseAsync();
            await connection.DisposeAsync();
        }
    }
}

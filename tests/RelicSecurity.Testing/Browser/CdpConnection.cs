using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RelicSecurity.Testing.Browser;

/// <summary>
/// The Chrome DevTools protocol over one WebSocket: commands are JSON messages with an id, answered by a message with
/// the same id; with "flatten" sessions a page's commands go over the browser's socket carrying their sessionId.
/// Events are not needed by its users (tests, bench/Seed) and are dropped.
/// </summary>
public sealed class CdpConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    public static async Task<CdpConnection> ConnectAsync(Uri browserSocket, CancellationToken cancellationToken)
    {
        var connection = new CdpConnection();
        // Screenshots arrive as one large message; the default buffer only decides how often we copy.
        connection._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await connection._socket.ConnectAsync(browserSocket, cancellationToken);
        connection._receiving = connection.ReceiveAsync();
        return connection;
    }

    /// <summary>Sends a command and returns its result; a protocol error becomes an exception naming the method.</summary>
    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, string? sessionId = null, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }

        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sending.WaitAsync(_closing.Token);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _closing.Token);
        }
        finally
        {
            _sending.Release();
        }

        var reply = await answer.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        if (reply["error"] is JsonObject error)
        {
            throw new InvalidOperationException($"CDP {method} failed: {error.ToJsonString()}");
        }

        return reply["result"] as JsonObject ?? [];
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                var json = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length)) as JsonObject;
                message.SetLength(0);
                if (json?["id"] is JsonValue idValue && _pending.TryRemove(idValue.GetValue<int>(), out var answer))
                {
                    answer.TrySetResult(json);
                }
            }
        }
        catch (Exception failure) when (failure is OperationCanceledException or WebSocketException or JsonException)
        {
            // Closing, or the browser went away: whoever waits is told below.
        }

        foreach (var waiting in _pending.Values)
        {
            waiting.TrySetException(new InvalidOperationException("The browser's DevTools connection closed."));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        try
        {
            await _receiving;
        }
        finally
        {
            _socket.Dispose();
            _closing.Dispose();
            _sending.Dispose();
        }
    }
}

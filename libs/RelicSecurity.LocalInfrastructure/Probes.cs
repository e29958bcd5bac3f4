using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RelicSecurity.LocalInfrastructure;

/// <summary>Readiness checks that speak just enough of each protocol to know the server answers.</summary>
internal static class Probes
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken ct)
    {
        try
        {
            using var client = await ConnectAsync(port, ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // A connect slower than the probe's own timeout (a loaded machine) is "not yet", like a refusal.
            return false;
        }
    }

    /// <summary>Redis answers PING with +PONG (and with -LOADING while it replays its append-only file).</summary>
    public static async Task<bool> RedisPongAsync(int port, CancellationToken ct)
    {
        try
        {
            using var client = await ConnectAsync(port, ct).ConfigureAwait(false);
            var reply = await ExchangeAsync(client, "PING\r\n"u8.ToArray(), 7, ct).ConfigureAwait(false);
            return Encoding.ASCII.GetString(reply).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>
    /// An AMQP 0-9-1 broker answers the protocol header with a Connection.Start method frame
    /// (frame type 1, channel 0, class 10, method 10).
    /// </summary>
    public static async Task<bool> AmqpConnectionStartAsync(int port, CancellationToken ct)
    {
        try
        {
            using var client = await ConnectAsync(port, ct).ConfigureAwait(false);
            var reply = await ExchangeAsync(client, "AMQP\0\0\u0009\u0001"u8.ToArray(), 11, ct).ConfigureAwait(false);
            return reply.Length == 11 && reply[0] == 1 && reply[1] == 0 && reply[2] == 0
                && reply[7] == 0 && reply[8] == 10 && reply[9] == 0 && reply[10] == 10;
        }
        catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }

    private static async Task<TcpClient> ConnectAsync(int port, CancellationToken ct)
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task<byte[]> ExchangeAsync(TcpClient client, byte[] request, int replyLength, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        var stream = client.GetStream();
        await stream.WriteAsync(request, timeout.Token).ConfigureAwait(false);
        var buffer = new byte[replyLength];
        var read = 0;
        while (read < replyLength)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        return buffer[..read];
    }
}

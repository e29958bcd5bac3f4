using System.Net;
using System.Net.Sockets;

namespace RelicSecurity.Interop.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of a server that counts the bytes going each way. It proves on
/// the wire what no gRPC library reports, e.g. that a 300 kB compressible message really crossed
/// as a few kB of gzip.
/// </summary>
public sealed class ByteCountingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<Task> _pumps = [];
    private long _toServer;
    private long _toClient;

    public ByteCountingRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public long BytesToServer => Interlocked.Read(ref _toServer);

    public long BytesToClient => Interlocked.Read(ref _toClient);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var pump = RelayAsync(client);
            lock (_pumps)
            {
                _pumps.Add(pump);
            }
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (client)
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                await Task.WhenAll(
                    PumpAsync(client, server, count => Interlocked.Add(ref _toServer, count)),
                    PumpAsync(server, client, count => Interlocked.Add(ref _toClient, count)));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Either side went away: the relay just ends this connection.
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to, Action<int> counted)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                counted(read);
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            from.Close();
            to.Close();
        }
    }
}

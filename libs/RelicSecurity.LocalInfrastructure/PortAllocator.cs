using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RelicSecurity.LocalInfrastructure;

/// <summary>
/// Free TCP ports on 127.0.0.1. Ports are drawn below the kernel's ephemeral range so that an
/// outgoing connection cannot be sitting on a server's port when it restarts on it.
/// </summary>
public static class PortAllocator
{
    private const int Low = 20000;
    private const int High = 32000;

    // A port is free until its server binds it: servers starting side by side in this process must
    // not both be handed the same one in the meantime.
    private static readonly ConcurrentDictionary<int, DateTime> HandedOut = new();
    private static readonly TimeSpan Reserved = TimeSpan.FromMinutes(2);

    public static int FreePort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var candidate = Random.Shared.Next(Low, High);
            var now = DateTime.UtcNow;
            if (HandedOut.TryGetValue(candidate, out var at) && now - at < Reserved)
            {
                continue;
            }
            if (IsFree(candidate))
            {
                HandedOut[candidate] = now;
                return candidate;
            }
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Keeps a port (reused from an earlier run) from being handed out to another server meanwhile.</summary>
    internal static void Reserve(int port) => HandedOut[port] = DateTime.UtcNow;

    public static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

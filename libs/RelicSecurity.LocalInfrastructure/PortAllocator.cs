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

    public static int FreePort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var candidate = Random.Shared.Next(Low, High);
            if (IsFree(candidate))
            {
                return candidate;
            }
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

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

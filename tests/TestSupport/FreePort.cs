using System.Net;
using System.Net.Sockets;

namespace ActorStudio.TestSupport;

/// <summary>A loopback TCP port nobody listens on right now (the OS picks it, so parallel tests do not collide).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

using System.Net;
using System.Net.Sockets;

namespace EShop.AppHost.Shop;

public static class FreePort
{
    /// <summary>A loopback TCP port that was free a moment ago (the OS picks it). Replicas listen on their own port,
    /// not behind DCP's proxy, so that a stopped replica refuses connections and the gateway retries elsewhere.</summary>
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Net;
using System.Net.Sockets;

namespace EShop.TestSupport.Processes;

public static class FreePort
{
    /// <summary>A loopback TCP port that was free a moment ago (the OS picks it).</summary>
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

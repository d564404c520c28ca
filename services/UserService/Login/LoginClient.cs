using System.Net;
using System.Net.Sockets;

namespace EShop.UserService.Login;

/// <summary>Who is trying, for the limits: the client's IPv4 address, or the /64 network of an IPv6 address (one
/// subscriber usually holds a whole /64, so single IPv6 addresses would be free new clients).</summary>
public static class LoginClient
{
    public static string KeyOf(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } address) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var network = address.GetAddressBytes();
        Array.Clear(network, 8, 8);
        return $"{new IPAddress(network)}/64";
    }
}

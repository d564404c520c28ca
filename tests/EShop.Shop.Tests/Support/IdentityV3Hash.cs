using System.Buffers.Binary;
using Xunit;

namespace EShop.Shop.Tests.Support;

/// <summary>Reads the header of an ASP.NET Core Identity V3 hash: 0x01, PRF, iteration count (big-endian).</summary>
public static class IdentityV3Hash
{
    public const uint HmacSha512 = 2;

    public static (uint Prf, int Iterations) Parameters(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return (BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)));
    }
}

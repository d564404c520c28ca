using System.Text;

namespace EShop.Reliability.Hostile;

/// <summary>One malformed or malicious request of the corpus, sent as raw bytes and headers (nothing re-encoded).</summary>
public sealed record HostileRequest(string Name, string Method, string Path, byte[]? Body = null, string? ContentType = null,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Path);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        foreach (var (name, value) in Headers ?? []) message.Headers.TryAddWithoutValidation(name, value);
        return message;
    }
}

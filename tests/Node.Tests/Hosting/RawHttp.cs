using System.Net.Sockets;
using System.Text;

namespace ActorStudio.Node.Tests.Hosting;

/// <summary>
/// Sends a request line exactly as written: HttpClient normalises <c>..</c> away before sending, so traversal
/// attempts must bypass it to reach the server's own path handling.
/// </summary>
internal static class RawHttp
{
    public static async Task<int> GetStatusAsync(Uri baseAddress, string rawTarget)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        await using var stream = client.GetStream();
        var request = $"GET {rawTarget} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAccept: */*\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? throw new InvalidOperationException("No response for " + rawTarget);
        var parts = statusLine.Split(' ', 3);
        return int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}

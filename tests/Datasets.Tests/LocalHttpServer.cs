using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace KerasSharp.Datasets.Tests;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 for download tests: serves registered byte arrays by path, 404 for the rest,
/// and counts the requests per path. Routes can lie about their length or stream without one.
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, Route> _routes = new();
    private readonly ConcurrentDictionary<string, int> _hits = new();
    private readonly Task _loop;

    private sealed record Route(byte[] Body, bool Chunked, long? AnnouncedLength);

    public LocalHttpServer()
    {
        BaseUrl = $"http://127.0.0.1:{FreePort()}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The server's root, ending in a slash.</summary>
    public string BaseUrl { get; }

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/> (relative, no leading slash).</summary>
    public void Serve(string path, byte[] body, bool chunked = false, long? announcedLength = null) =>
        _routes["/" + path] = new Route(body, chunked, announcedLength);

    /// <summary>How many requests reached <paramref name="path"/>.</summary>
    public int Hits(string path) => _hits.GetValueOrDefault("/" + path);

    /// <summary>All requests so far.</summary>
    public int TotalHits => _hits.Values.Sum();

    /// <summary>A port on 127.0.0.1 where nothing listens (connections are refused).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Respond(context));
        }
    }

    private void Respond(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        var response = context.Response;
        try
        {
            if (!_routes.TryGetValue(path, out var route))
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }
            if (route.Chunked) response.SendChunked = true;
            else response.ContentLength64 = route.AnnouncedLength ?? route.Body.Length;
            // Write in pieces so a client that stops reading early is noticed here as a broken connection.
            for (int offset = 0; offset < route.Body.Length; offset += 4096)
                response.OutputStream.Write(route.Body, offset, Math.Min(4096, route.Body.Length - offset));
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The client hung up (as it should on a bad download), or the announced length was a lie.
            response.Abort();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener; nothing to report.
        }
    }
}

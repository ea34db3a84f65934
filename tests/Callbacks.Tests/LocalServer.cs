using System.Net;
using System.Net.Sockets;

namespace KerasSharp.Callbacks.Tests;

/// <summary>A local server that records every request's path, content type and body.</summary>
internal sealed class LocalServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    public List<(string Path, string ContentType, string Body)> Requests { get; } = [];
    public string Root { get; }

    public LocalServer()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Root = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
            probe.Stop();
        }
        _listener.Prefixes.Add(Root + "/");
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                using var reader = new StreamReader(context.Request.InputStream);
                string body = await reader.ReadToEndAsync();
                lock (Requests) Requests.Add((context.Request.Url!.AbsolutePath, context.Request.ContentType ?? "", body));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

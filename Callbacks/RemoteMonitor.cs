using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace KerasSharp.Callbacks;

/// <summary>
/// POSTs the logs of every epoch to a server, as Keras's RemoteMonitor: <c>{"epoch": 0, "loss": 0.69, ...}</c> sent as a
/// JSON body (<c>sendAsJson</c>) or, by default, as the form field <c>data</c> holding that JSON. A server that cannot be
/// reached gives a warning, not an error: training goes on.
/// </summary>
/// <example><code>new RemoteMonitor(root: "http://localhost:9000", sendAsJson: true)</code></example>
public sealed class RemoteMonitor : Callback, IDisposable
{
    private readonly HttpClient _client;

    /// <summary>Creates the monitor.</summary>
    /// <param name="root">The server's root URL.</param>
    /// <param name="path">The path the events go to.</param>
    /// <param name="field">The form field holding the JSON when not <paramref name="sendAsJson"/>.</param>
    /// <param name="headers">Extra HTTP headers.</param>
    /// <param name="sendAsJson">Send the JSON as the body (application/json) instead of a form field.</param>
    /// <param name="timeout">How long to wait for the server per epoch (10 s when null).</param>
    /// <exception cref="ArgumentException">The root and path do not make an absolute http(s) URL.</exception>
    public RemoteMonitor(string root = "http://localhost:9000", string path = "/publish/epoch/end/", string field = "data",
                         IReadOnlyDictionary<string, string>? headers = null, bool sendAsJson = false, TimeSpan? timeout = null)
    {
        if (!Uri.TryCreate(root + path, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new ArgumentException($"RemoteMonitor: \"{root}{path}\" is not an absolute http(s) URL.", nameof(root));
        ArgumentException.ThrowIfNullOrEmpty(field);
        Url = url;
        Field = field;
        SendAsJson = sendAsJson;
        Headers = headers is null ? new Dictionary<string, string>() : new Dictionary<string, string>(headers);
        _client = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(10) };
    }

    /// <summary>Where the events go.</summary>
    public Uri Url { get; }
    /// <summary>The form field holding the JSON.</summary>
    public string Field { get; }
    /// <summary>Whether the JSON is the body.</summary>
    public bool SendAsJson { get; }
    /// <summary>Extra HTTP headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The JSON sent for an epoch: the epoch first, then the logs in order.</summary>
    public static string EpochJson(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("epoch", epoch);
            foreach (var (name, value) in logs)
            {
                if (double.IsFinite(value)) json.WriteNumber(name, value);
                else json.WriteString(name, value.ToString(CultureInfo.InvariantCulture));  // JSON has no NaN
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        string json = EpochJson(epoch, logs);
        using var request = new HttpRequestMessage(HttpMethod.Post, Url)
        {
            Content = SendAsJson
                ? new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"))
                : new FormUrlEncodedContent([new KeyValuePair<string, string>(Field, json)]),
        };
        foreach (var (name, value) in Headers) request.Headers.TryAddWithoutValidation(name, value);
        try
        {
            using var response = _client.Send(request);
            if (!response.IsSuccessStatusCode)
                Output.WriteLine($"RemoteMonitor: {Url} answered {(int)response.StatusCode} {response.ReasonPhrase} for epoch {epoch + 1}.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            Output.WriteLine($"RemoteMonitor: could not reach the server at {Url}: {e.Message}");
        }
    }

    /// <summary>Releases the HTTP client.</summary>
    public void Dispose() => _client.Dispose();
}

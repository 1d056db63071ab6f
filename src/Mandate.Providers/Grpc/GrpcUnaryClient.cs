using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Mandate.Providers.Grpc;

/// <summary>
/// Unary gRPC over HTTP/2 on a plain <see cref="HttpMessageInvoker"/> (Grpc.Net.Client is not available to us).
/// One request frame out, one response frame in, the status from the trailers — or from the headers when the
/// server answers "trailers-only", as it does for an unknown method or an early failure.
/// </summary>
/// <remarks>
/// Only cancellation by the caller throws <see cref="OperationCanceledException"/>; everything else that stops a
/// call (status, deadline, broken connection, malformed response) throws <see cref="GrpcCallException"/>.
/// </remarks>
public sealed class GrpcUnaryClient : IDisposable
{
    private static readonly MediaTypeHeaderValue GrpcContentType = new("application/grpc");

    private readonly HttpMessageInvoker _invoker;
    private readonly Uri _baseAddress;
    private readonly bool _disposeInvoker;

    /// <param name="invoker">Sends requests; must speak HTTP/2 to the server (prior knowledge for http://).</param>
    /// <param name="baseAddress">Scheme and authority, e.g. <c>http://localhost</c>; the method path is appended.</param>
    /// <param name="disposeInvoker">Whether <see cref="Dispose"/> disposes <paramref name="invoker"/>.</param>
    public GrpcUnaryClient(HttpMessageInvoker invoker, Uri baseAddress, bool disposeInvoker = true)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(baseAddress);
        _invoker = invoker;
        _baseAddress = baseAddress;
        _disposeInvoker = disposeInvoker;
    }

    /// <summary>When set, every call is recorded in it (method name, start, end).</summary>
    public ProviderTimeline? Timeline { get; init; }

    /// <summary>Calls <paramref name="method"/> (<c>/package.Service/Method</c>) and returns its response message.</summary>
    /// <param name="timeout">Deadline sent as <c>grpc-timeout</c> and enforced locally; null for none.</param>
    public async Task<TResponse> CallAsync<TRequest, TResponse>(
        string method, TRequest request, MessageParser<TResponse> parser, TimeSpan? timeout, CancellationToken cancellationToken)
        where TRequest : IMessage
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parser);

        using var deadline = timeout is { } t ? new CancellationTokenSource(t) : null;
        using var linked = deadline is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var token = linked?.Token ?? cancellationToken;

        var began = ProviderTimeline.Now();
        using var frame = GrpcFrame.Write(request);
        using var message = BuildRequest(method, frame, timeout);
        try
        {
            using var response = await _invoker.SendAsync(message, token).ConfigureAwait(false);
            var result = await ReadResponseAsync(method, response, parser, token).ConfigureAwait(false);
            Timeline?.Record(method, began);
            return result;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && deadline is { IsCancellationRequested: true })
        {
            throw new GrpcCallException(method, GrpcStatusCode.DeadlineExceeded, $"no response within {timeout!.Value.TotalMilliseconds:0} ms", e);
        }
        catch (HttpRequestException e)
        {
            // The connection could not be made or broke mid-call (the provider exited or crashed).
            throw new GrpcCallException(method, GrpcStatusCode.Unavailable, e.Message, e);
        }
        catch (IOException e) when (!token.IsCancellationRequested)
        {
            throw new GrpcCallException(method, GrpcStatusCode.Unavailable, e.Message, e);
        }
        catch (InvalidDataException e)
        {
            throw new GrpcCallException(method, GrpcStatusCode.Internal, e.Message, e);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new GrpcCallException(method, GrpcStatusCode.Internal, "the response message is not valid protobuf: " + e.Message, e);
        }
    }

    public void Dispose()
    {
        if (_disposeInvoker)
        {
            _invoker.Dispose();
        }
    }

    private HttpRequestMessage BuildRequest(string method, RentedFrame frame, TimeSpan? timeout)
    {
        var content = new ByteArrayContent(frame.Buffer, 0, frame.Length);
        content.Headers.ContentType = GrpcContentType;
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseAddress, method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        message.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (timeout is { } t)
        {
            message.Headers.TryAddWithoutValidation("grpc-timeout", FormatTimeout(t));
        }

        return message;
    }

    private static async Task<TResponse> ReadResponseAsync<TResponse>(
        string method, HttpResponseMessage response, MessageParser<TResponse> parser, CancellationToken token)
        where TResponse : class, IMessage<TResponse>
    {
        // Trailers-only: the status travels in the headers and there is no body worth reading.
        if (TryReadStatus(response.Headers, out var headerStatus, out var headerMessage))
        {
            throw new GrpcCallException(method, headerStatus == GrpcStatusCode.OK ? GrpcStatusCode.Internal : headerStatus,
                headerStatus == GrpcStatusCode.OK ? "status OK without a response message" : headerMessage);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new GrpcCallException(method, MapHttpStatus(response.StatusCode), $"HTTP status {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var encoding = response.Headers.TryGetValues("grpc-encoding", out var values) ? values.FirstOrDefault() : null;
        var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var result = await GrpcFrame.ReadAsync(body, parser, encoding, token).ConfigureAwait(false);

            // The trailers are only populated once the body has been read to its end.
            var extra = await body.ReadAsync(new byte[1], token).ConfigureAwait(false);
            if (extra != 0)
            {
                throw new GrpcCallException(method, GrpcStatusCode.Internal, "more than one message in a unary response");
            }

            if (!TryReadStatus(response.TrailingHeaders, out var status, out var statusMessage))
            {
                throw new GrpcCallException(method, GrpcStatusCode.Internal, "the response ended without a grpc-status trailer");
            }

            if (status != GrpcStatusCode.OK)
            {
                throw new GrpcCallException(method, status, statusMessage);
            }

            return result ?? throw new GrpcCallException(method, GrpcStatusCode.Internal, "status OK without a response message");
        }
    }

    private static bool TryReadStatus(HttpHeaders headers, out GrpcStatusCode status, out string message)
    {
        status = GrpcStatusCode.Unknown;
        message = string.Empty;
        if (!headers.TryGetValues("grpc-status", out var statusValues))
        {
            return false;
        }

        var raw = statusValues.FirstOrDefault();
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            message = $"unparseable grpc-status '{raw}'";
            return true;
        }

        status = (GrpcStatusCode)code;
        if (headers.TryGetValues("grpc-message", out var messageValues))
        {
            // The spec percent-encodes grpc-message as UTF-8; a stray '%' that is not an escape stays as is.
            message = Uri.UnescapeDataString(messageValues.FirstOrDefault() ?? string.Empty);
        }

        return true;
    }

    /// <summary>The gRPC-over-HTTP/2 mapping for responses that are not gRPC at all (proxies, wrong endpoint).</summary>
    private static GrpcStatusCode MapHttpStatus(HttpStatusCode code) => code switch
    {
        HttpStatusCode.BadRequest => GrpcStatusCode.Internal,
        HttpStatusCode.Unauthorized => GrpcStatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => GrpcStatusCode.PermissionDenied,
        HttpStatusCode.NotFound => GrpcStatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    };

    /// <summary>gRPC allows at most eight digits and a unit; pick the finest unit that fits.</summary>
    internal static string FormatTimeout(TimeSpan timeout)
    {
        var ms = Math.Max(1, (long)Math.Ceiling(timeout.TotalMilliseconds));
        if (ms <= 99_999_999)
        {
            return ms.ToString(CultureInfo.InvariantCulture) + "m";
        }

        var seconds = (long)Math.Ceiling(timeout.TotalSeconds);
        return seconds <= 99_999_999
            ? seconds.ToString(CultureInfo.InvariantCulture) + "S"
            : Math.Min(99_999_999, (long)Math.Ceiling(timeout.TotalHours)).ToString(CultureInfo.InvariantCulture) + "H";
    }
}

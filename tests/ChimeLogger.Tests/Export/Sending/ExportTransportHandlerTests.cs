using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// The transport handler's part in TLS and in reading answers: with a <see cref="CertificateCheck"/> it installs the
/// check as the sockets handler's validation callback and turns a failed handshake into the certificate's rejection
/// (not retried); it reads the whole answer, so that a connection lost while reading it is the connection reset it is.
/// </summary>
public sealed class ExportTransportHandlerTests
{
    private static readonly Uri s_target = new("https://herald.chime:4317" + ExportPaths.TraceSignalPath);

    private readonly CapturingLogger _log = new();

    [Fact]
    public void A_certificate_check_becomes_the_validation_callback_of_the_sockets_handler()
    {
        CertificateCheck check = new("traces", new Uri("https://herald.chime:4317/"), new WarningLog(_log));
        using SocketsHttpHandler sockets = new();
        using ExportTransportHandler transport = new(null, sockets, check);
        using X509Certificate2 certificate = SelfSigned("CN=collector.chime");
        using HttpRequestMessage request = new(HttpMethod.Post, s_target);

        RemoteCertificateValidationCallback callback = Assert.IsType<RemoteCertificateValidationCallback>(sockets.SslOptions.RemoteCertificateValidationCallback);

        Assert.True(callback(request, certificate, null, SslPolicyErrors.None));
        Assert.False(callback(request, certificate, null, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.StartsWith(
            "the certificate of herald.chime (CN=collector.chime) is refused: it is issued to 'collector.chime', not to 'herald.chime'",
            check.Rejected(new HttpRequestException(HttpRequestError.SecureConnectionError, "TLS")).Problem,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_certificate_check_the_default_validation_stays()
    {
        using SocketsHttpHandler sockets = new();
        using ExportTransportHandler transport = new(null, sockets);

        Assert.Null(sockets.SslOptions.RemoteCertificateValidationCallback);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failed_handshake_is_reported_as_the_certificate_rejection(bool synchronous)
    {
        CertificateCheck check = new("logs", new Uri("https://herald.chime:4317/"), new WarningLog(_log));
        using X509Certificate2 certificate = SelfSigned("CN=collector.chime");
        check.Validate(new HttpRequestMessage(HttpMethod.Post, s_target), certificate, null, SslPolicyErrors.RemoteCertificateNameMismatch);
        HttpRequestException handshake = new(HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception.",
            new AuthenticationException("The remote certificate is invalid according to the validation procedure."));
        using HttpMessageInvoker transport = new(new ExportTransportHandler(null, new Failing(handshake), check));

        HttpRequestException reported = synchronous
            ? Assert.ThrowsAny<HttpRequestException>(() => transport.Send(Request(), CancellationToken.None))
            : await Assert.ThrowsAnyAsync<HttpRequestException>(() => transport.SendAsync(Request(), CancellationToken.None));

        CertificateRejectedException rejected = Assert.IsType<CertificateRejectedException>(reported);
        Assert.Same(handshake, rejected.InnerException);
        Assert.StartsWith("TLS connection refused: the certificate of herald.chime (CN=collector.chime) is refused: it is issued to 'collector.chime'", rejected.Message, StringComparison.Ordinal);
        Assert.False(ExportAnswers.IsTransient(rejected));
        Assert.Equal(1, check.Failures);
        Assert.Contains("for logs failed: the certificate of herald.chime", Assert.Single(_log.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_certificate_check_a_failed_handshake_reaches_the_exporter_unchanged()
    {
        HttpRequestException handshake = new(HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception.",
            new AuthenticationException("The remote certificate is invalid according to the validation procedure."));
        using HttpMessageInvoker transport = new(new ExportTransportHandler(null, new Failing(handshake)));

        Assert.Same(handshake, await Assert.ThrowsAnyAsync<HttpRequestException>(() => transport.SendAsync(Request(), CancellationToken.None)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_answer_whose_connection_is_lost_while_it_is_read_is_a_connection_reset(bool synchronous)
    {
        using HttpMessageInvoker transport = new(new ExportTransportHandler(null, new CutOff()));

        HttpRequestException reported = synchronous
            ? Assert.ThrowsAny<HttpRequestException>(() => transport.Send(Request(), CancellationToken.None))
            : await Assert.ThrowsAnyAsync<HttpRequestException>(() => transport.SendAsync(Request(), CancellationToken.None));

        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(reported.InnerException).SocketErrorCode);
        Assert.True(ExportAnswers.IsTransient(reported));
    }

    private static HttpRequestMessage Request() => new(HttpMethod.Post, s_target) { Content = new ByteArrayContent([1]) };

    private static X509Certificate2 SelfSigned(string subject)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>A connection on which the request fails as told.</summary>
    private sealed class Failing(HttpRequestException failure) : HttpMessageHandler
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => throw failure;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromException<HttpResponseMessage>(failure);
    }

    /// <summary>A herald whose answer starts (status and headers) and whose connection is lost in the middle of the body.</summary>
    private sealed class CutOff : HttpMessageHandler
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => Answer();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(Answer());

        private static HttpResponseMessage Answer() => new(HttpStatusCode.OK) { Content = new StreamContent(new LostStream()) };
    }

    private sealed class LostStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("Unable to read data from the transport connection: Connection reset by peer.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("Unable to read data from the transport connection: Connection reset by peer."));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

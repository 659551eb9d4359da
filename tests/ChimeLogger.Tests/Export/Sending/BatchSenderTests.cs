using System.Net;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// The backlog's own send of a kept batch (<see cref="BatchSender"/>): any answer from the endpoint ends an outage (a refused
/// certificate too, and its batch is refused rather than retried),
/// and the sender owns the HTTP handlers it sends through.
/// </summary>
public sealed class BatchSenderTests
{
    private static readonly Uri s_target = new("http://herald.example:4317" + ExportPaths.TraceSignalPath);

    [Theory]
    [InlineData("0", true)]
    [InlineData("3", false)]
    public async Task An_answer_ends_the_outage(string grpcStatus, bool accepted)
    {
        SendOutcome expected = accepted ? SendOutcome.Accepted : SendOutcome.Refused;
        ExportOutage outage = Outage();
        outage.Began("HttpRequestException: Connection refused");
        Assert.True(outage.IsDown);
        using BatchSender sender = new(new Herald(grpcStatus), s_target, TimeSpan.FromSeconds(30), outage);

        Assert.Equal(expected, await sender.SendAsync([1, 2, 3], CancellationToken.None));

        Assert.False(outage.IsDown);
    }

    [Fact]
    public async Task A_transient_answer_keeps_the_outage()
    {
        ExportOutage outage = Outage();
        using BatchSender sender = new(new Herald("14"), s_target, TimeSpan.FromSeconds(30), outage);

        Assert.Equal(SendOutcome.Failed, await sender.SendAsync([1], CancellationToken.None));

        Assert.True(outage.IsDown);
    }

    [Fact]
    public async Task A_refused_certificate_ends_the_outage_and_refuses_the_batch()
    {
        ExportOutage outage = Outage();
        outage.Began("HttpRequestException: Connection refused");
        CertificateRejectedException rejected = new("it expired", new HttpRequestException(HttpRequestError.SecureConnectionError, "TLS"));
        using BatchSender sender = new(new Herald("0") { Throw = rejected }, s_target, TimeSpan.FromSeconds(30), outage);

        // The endpoint answered, in a way: it is up, and this batch is not sent again.
        Assert.Equal(SendOutcome.Refused, await sender.SendAsync([1], CancellationToken.None));

        Assert.False(outage.IsDown);
    }

    [Fact]
    public void Disposing_the_sender_disposes_the_handlers_it_sends_through()
    {
        Herald herald = new("0");
        BatchSender sender = new(herald, s_target, TimeSpan.FromSeconds(30), Outage());

        sender.Dispose();

        Assert.True(herald.Disposed);
    }

    private static ExportOutage Outage() => new("traces", new Uri("http://herald.example:4317"), TimeSpan.FromMinutes(2), retries: true, disk: null, WarningLog.Silent);

    /// <summary>A herald answering every request with one gRPC status (or failing as told); it knows whether it was disposed.</summary>
    private sealed class Herald(string grpcStatus) : HttpMessageHandler
    {
        public bool Disposed { get; private set; }

        public Exception? Throw { get; init; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Throw is not null)
            {
                return Task.FromException<HttpResponseMessage>(Throw);
            }

            HttpResponseMessage response = new(HttpStatusCode.OK) { Content = new ByteArrayContent([0, 0, 0, 0, 0]), RequestMessage = request };
            response.TrailingHeaders.TryAddWithoutValidation("grpc-status", grpcStatus);
            return Task.FromResult(response);
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}

using System.Net;
using System.Net.Sockets;
using ChimeLogger.Export;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// What an export's answer says (<see cref="ChimeLogger.Export.ExportAnswers"/>): only the answers and errors the OTLP
/// specification calls retryable are worth another attempt, and a gRPC status in the trailers wins over one in the headers.
/// </summary>
public sealed class ExportAnswerTests
{
    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout, null, "HTTP 408")]
    [InlineData(HttpStatusCode.TooManyRequests, null, "HTTP 429")]
    [InlineData(HttpStatusCode.BadGateway, null, "HTTP 502")]
    [InlineData(HttpStatusCode.ServiceUnavailable, null, "HTTP 503")]
    [InlineData(HttpStatusCode.GatewayTimeout, null, "HTTP 504")]
    [InlineData(HttpStatusCode.InternalServerError, null, null)]
    [InlineData(HttpStatusCode.NotFound, null, null)]
    [InlineData(HttpStatusCode.OK, null, null)]
    [InlineData(HttpStatusCode.OK, "0", null)]
    [InlineData(HttpStatusCode.OK, "1", "gRPC status 1")]
    [InlineData(HttpStatusCode.OK, "4", "gRPC status 4")]
    [InlineData(HttpStatusCode.OK, "8", "gRPC status 8")]
    [InlineData(HttpStatusCode.OK, "10", "gRPC status 10")]
    [InlineData(HttpStatusCode.OK, "11", "gRPC status 11")]
    [InlineData(HttpStatusCode.OK, "14", "gRPC status 14")]
    [InlineData(HttpStatusCode.OK, "15", "gRPC status 15")]
    [InlineData(HttpStatusCode.OK, "3", null)]
    [InlineData(HttpStatusCode.OK, "16", null)]
    public void Only_the_answers_the_otlp_specification_calls_retryable_are_retried(HttpStatusCode code, string? grpcStatus, string? expected)
    {
        using HttpResponseMessage inTrailers = new(code);
        using HttpResponseMessage inHeaders = new(code);
        if (grpcStatus is not null)
        {
            inTrailers.TrailingHeaders.TryAddWithoutValidation("grpc-status", grpcStatus);
            inHeaders.Headers.TryAddWithoutValidation("grpc-status", grpcStatus);
        }

        Assert.Equal(expected, ExportAnswers.TransientStatus(inTrailers));
        Assert.Equal(expected, ExportAnswers.TransientStatus(inHeaders));
    }

    [Fact]
    public void The_status_in_the_trailers_wins_over_the_one_in_the_headers()
    {
        using HttpResponseMessage response = new(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("grpc-status", "14");
        response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "0");

        Assert.Null(ExportAnswers.TransientStatus(response));
    }

    [Fact]
    public void Network_errors_and_timeouts_are_transient_and_other_failures_are_not()
    {
        Assert.True(ExportAnswers.IsTransient(new HttpRequestException("refused")));
        Assert.True(ExportAnswers.IsTransient(new OperationCanceledException()));
        Assert.True(ExportAnswers.IsTransient(new TaskCanceledException()));
        Assert.True(ExportAnswers.IsTransient(new TimeoutException()));
        Assert.True(ExportAnswers.IsTransient(new IOException("reset")));
        Assert.True(ExportAnswers.IsTransient(new SocketException((int)SocketError.ConnectionReset)));
        Assert.False(ExportAnswers.IsTransient(new CertificateRejectedException("it expired", new HttpRequestException(HttpRequestError.SecureConnectionError, "TLS"))));
        Assert.False(ExportAnswers.IsTransient(new InvalidOperationException("bug")));
        Assert.False(ExportAnswers.IsTransient(new ArgumentException("bug")));
    }
}

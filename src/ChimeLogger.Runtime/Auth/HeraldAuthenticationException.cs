namespace ChimeLogger;

/// <summary>
/// Thrown at start-up when the herald refuses the credential or cannot be reached for the token exchange.
/// The message never contains the credential or a token.
/// </summary>
public sealed class HeraldAuthenticationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public HeraldAuthenticationException(string message) : base(message) { }

    /// <summary>Creates the exception with the error that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying error (never one that carries the secret).</param>
    public HeraldAuthenticationException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The HTTP status code the auth endpoint answered, or <see langword="null"/> when it was not reached.</summary>
    public int? StatusCode { get; init; }
}

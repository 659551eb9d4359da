namespace ChimeLogger.Testing;

/// <summary>
/// Thrown by the assertions of ChimeLogger.Testing when the herald would not store what the test expects. The message
/// says what was expected and shows what the herald would have. It derives from <see cref="Exception"/> only, so any
/// test framework reports it as a failure.
/// </summary>
public sealed class HeraldAssertionException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public HeraldAssertionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was expected and what the herald would have.</param>
    public HeraldAssertionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What was expected and what the herald would have.</param>
    /// <param name="innerException">The cause.</param>
    public HeraldAssertionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace ChimeLogger.LocalReceiver;

/// <summary>
/// The local receiver could not be found, started or queried. The message names the executable, the ports and,
/// when the process wrote one, the tail of its log.
/// </summary>
public class LocalReceiverException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public LocalReceiverException(string message) : base(message) { }

    /// <summary>Creates the exception with the error that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public LocalReceiverException(string message, Exception innerException) : base(message, innerException) { }
}

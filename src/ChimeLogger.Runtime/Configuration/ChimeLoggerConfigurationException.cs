namespace ChimeLogger;

/// <summary>
/// Thrown by <see cref="ChimeTelemetry.Setup"/> (or at host start with <c>AddChimeLogger</c>) when the
/// configuration is invalid. The message names the setting, the value and how to fix it; it never contains
/// a credential or a token.
/// </summary>
public sealed class ChimeLoggerConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public ChimeLoggerConfigurationException(string message) : base(message) { }

    /// <summary>Creates the exception with the error that caused it.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The underlying error.</param>
    public ChimeLoggerConfigurationException(string message, Exception innerException) : base(message, innerException) { }
}

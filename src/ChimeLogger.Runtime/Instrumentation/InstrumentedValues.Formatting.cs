using System.Globalization;
using ChimeLogger.Tracing;

namespace ChimeLogger.Instrumentation;

// Generated code formats entity ids and span attributes as the runtime formats every value it stringifies
// (MetadataFormatter): invariant culture, round-trip "O" dates, "true"/"false". The generic overloads are constrained
// so that a value type is formatted without boxing; the nullable overloads give null for no value.
public static partial class InstrumentedValues
{
    /// <summary>
    /// Formats a value whose type is known only at run time (a type parameter, an interface, <see cref="object"/>) as
    /// ChimeLogger formats every value it stringifies: invariant culture, round-trip <c>"O"</c> dates,
    /// <c>"true"</c>/<c>"false"</c>.
    /// </summary>
    /// <typeparam name="T">The declared type of the value.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The text, or <see langword="null"/> for a <see langword="null"/> value.</returns>
    public static string? FormatEntityId<T>(T value) => value is null ? null : MetadataFormatter.Format(value);

    /// <summary>
    /// Formats a formattable value with the invariant culture and its default format; floating-point numbers
    /// (<see cref="double"/>, <see cref="float"/>, <see cref="Half"/>) in plain decimal notation, never with an exponent.
    /// </summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The text, or <see langword="null"/> for a <see langword="null"/> reference.</returns>
    public static string? FormatInvariant<T>(T value)
        where T : IFormattable? => value switch
        {
            null => null,

            // For a value type the JIT keeps only the branch of T, without boxing.
            double number => FixedNotation.Of(number),
            float number => FixedNotation.Of(number),
            Half number => FixedNotation.Of(number),
            _ => value.ToString(null, CultureInfo.InvariantCulture),
        };

    /// <summary>Formats a formattable value as <see cref="FormatInvariant{T}(T)"/> does.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The text, or <see langword="null"/> when there is no value.</returns>
    public static string? FormatInvariant<T>(T? value)
        where T : struct, IFormattable => value.HasValue ? FormatInvariant(value.GetValueOrDefault()) : null;

    /// <summary>Formats a date and time as ISO 8601 round-trip text (<c>"O"</c>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string FormatRoundTrip(DateTime value) => value.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Formats a date and time as ISO 8601 round-trip text (<c>"O"</c>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text, or <see langword="null"/> when there is no value.</returns>
    public static string? FormatRoundTrip(DateTime? value) => value.HasValue ? FormatRoundTrip(value.GetValueOrDefault()) : null;

    /// <summary>Formats a date, time and offset as ISO 8601 round-trip text (<c>"O"</c>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string FormatRoundTrip(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Formats a date, time and offset as ISO 8601 round-trip text (<c>"O"</c>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text, or <see langword="null"/> when there is no value.</returns>
    public static string? FormatRoundTrip(DateTimeOffset? value) => value.HasValue ? FormatRoundTrip(value.GetValueOrDefault()) : null;

    /// <summary>Formats a boolean as <c>"true"</c> or <c>"false"</c> (not <c>bool.ToString()</c>'s <c>"True"</c>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string FormatBoolean(bool value) => value ? "true" : "false";

    /// <summary>Formats a boolean as <c>"true"</c> or <c>"false"</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text, or <see langword="null"/> when there is no value.</returns>
    public static string? FormatBoolean(bool? value) => value.HasValue ? FormatBoolean(value.GetValueOrDefault()) : null;
}

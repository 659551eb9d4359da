using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ChimeLogger.Tracing;

/// <summary>
/// The random trace id a root span is sampled with, without allocating: <see cref="ActivityTraceId"/> wraps a
/// 32-character hex string, so each fresh id costs 88 bytes, which would make every dropped root span allocate. Each
/// thread keeps one id of its own and rewrites its characters with new random bytes before each decision; a decision
/// that keeps the span makes the thread start a new id, so a sampler that holds on to the id of a span it kept (in the
/// attributes of its result, say) holds a value that does not change afterwards.
/// </summary>
internal static class RootTraceIds
{
    [ThreadStatic]
    private static string? t_hex;

    [ThreadStatic]
    private static ActivityTraceId t_id;

    /// <summary>A trace id with fresh random bytes, valid until the next call on this thread.</summary>
    public static ActivityTraceId Next()
    {
        string? hex = t_hex;
        if (hex is null)
        {
            t_id = ActivityTraceId.CreateRandom();
            t_hex = t_id.ToHexString(); // the id's own string, written in place below
            return t_id;
        }

        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        // The string was allocated for this thread's id and is never interned or handed out as text.
        Span<char> chars = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(hex.AsSpan()), hex.Length);
        Convert.TryToHexStringLower(bytes, chars, out _);
        return t_id;
    }

    /// <summary>The id handed out last was kept by a span: the next call starts a new one.</summary>
    public static void Keep() => t_hex = null;
}

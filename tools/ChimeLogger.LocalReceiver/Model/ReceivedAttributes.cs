using System.Collections.ObjectModel;

namespace ChimeLogger.LocalReceiver.Model;

/// <summary>Shared attribute dictionary values.</summary>
internal static class ReceivedAttributes
{
    public static IReadOnlyDictionary<string, string> Empty { get; } = ReadOnlyDictionary<string, string>.Empty;
}

using System.Text;

namespace ChimeLogger.CountingReceiver;

/// <summary>The append-only file of received items, one line each, written and flushed before an export is answered.</summary>
internal sealed class RecordFile(string path) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly FileStream _stream = new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);

    public async Task AppendAsync(string kind, IReadOnlyList<string> ids)
    {
        StringBuilder lines = new();
        foreach (string id in ids)
        {
            lines.Append(kind).Append(' ').Append(id).Append('\n');
        }

        byte[] bytes = Encoding.UTF8.GetBytes(lines.ToString());
        await _gate.WaitAsync();
        try
        {
            await _stream.WriteAsync(bytes);
            await _stream.FlushAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _gate.Dispose();
    }
}

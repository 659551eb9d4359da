using System.Text;

namespace ChimeLogger.Generators.Emission;

/// <summary>A small indented text writer for generated C# (four spaces per level, <c>\n</c> line ends).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void WriteLine(string line)
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
            _text.Append(line);
        }

        _text.Append('\n');
    }

    public void WriteLine() => _text.Append('\n');

    /// <summary>Writes <c>{</c> and indents until the returned scope is disposed, which writes <c>}</c>.</summary>
    public Block OpenBlock(string? header = null)
    {
        if (header is not null)
        {
            WriteLine(header);
        }

        WriteLine("{");
        _indent++;
        return new Block(this);
    }

    public override string ToString() => _text.ToString();

    private void CloseBlock()
    {
        _indent--;
        WriteLine("}");
    }

    public readonly struct Block : IDisposable
    {
        private readonly SourceWriter _writer;

        public Block(SourceWriter writer) => _writer = writer;

        public void Dispose() => _writer.CloseBlock();
    }
}

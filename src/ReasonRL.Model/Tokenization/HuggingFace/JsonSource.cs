using System.Text;
using System.Text.Json;
using ReasonRL.Core;

namespace ReasonRL.Model.Tokenization.HuggingFace;

/// <summary>
/// A JSON file being read, able to say where a field is: errors read <c>tokenizer.json:12:5: field
/// 'model.merges[3]': expected …</c>. Positions are looked up only when an error is raised (a second scan of the
/// text), so reading a large valid file costs nothing extra.
/// </summary>
internal sealed class JsonSource(string file, string text)
{
    public string File { get; } = file;

    public string Text { get; } = text;

    /// <summary>Parses the text; invalid JSON is an error at the line and column the parser stopped.</summary>
    public JsonDocument Parse()
    {
        try
        {
            return JsonDocument.Parse(Text, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            throw new InputException($"{File}:{line}:{column}: not valid JSON ({e.Message.Split(" LineNumber")[0].TrimEnd('.', ' ')})");
        }
    }

    /// <summary>An error about the field at <paramref name="path"/> (dotted, with [i] for array items).</summary>
    public InputException Error(string path, string problem)
    {
        var (line, column) = Locate(path);
        return new InputException($"{File}:{line}:{column}: field '{path}': {problem}");
    }

    /// <summary>
    /// The 1-based line and column where the value at <paramref name="path"/> starts; for a path that does not exist,
    /// where its nearest existing parent starts (1:1 for the root).
    /// </summary>
    public (int Line, int Column) Locate(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(Text);
        var best = (Path: "", Offset: 0L);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 256, CommentHandling = JsonCommentHandling.Skip });
        var stack = new Stack<Frame>();
        string? pendingName = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingName = reader.GetString();
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        stack.Pop();
                        continue;
                }

                var here = stack.Count == 0 ? "" : stack.Peek().ChildPath(pendingName);
                pendingName = null;
                if (here == path)
                {
                    return ToLineColumn(bytes, reader.TokenStartIndex);
                }

                if (here.Length > best.Path.Length && IsPrefix(here, path))
                {
                    best = (here, reader.TokenStartIndex);
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    stack.Push(new Frame(here, reader.TokenType == JsonTokenType.StartArray));
                }
            }
        }
        catch (JsonException)
        {
            // The text was parsed once already; a reader failure here only means we stop looking.
        }

        return ToLineColumn(bytes, best.Offset);
    }

    private static bool IsPrefix(string parent, string path) =>
        parent.Length == 0 || (path.StartsWith(parent, StringComparison.Ordinal) && path.Length > parent.Length && path[parent.Length] is '.' or '[');

    private static (int Line, int Column) ToLineColumn(byte[] bytes, long offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, Encoding.UTF8.GetCharCount(bytes, lineStart, (int)offset - lineStart) + 1);
    }

    private sealed class Frame(string path, bool isArray)
    {
        private int _index = -1;

        public string ChildPath(string? name)
        {
            if (isArray)
            {
                _index++;
                return $"{path}[{_index}]";
            }

            return path.Length == 0 ? name! : $"{path}.{name}";
        }
    }
}

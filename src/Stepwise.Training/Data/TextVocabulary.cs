using System.Globalization;
using System.Text;

namespace Stepwise.Training.Data;

/// <summary>
/// Maps text to token ids and back. <see cref="Bytes"/>: the 256 byte values of the text's UTF-8 encoding.
/// <see cref="FromChars"/>: the sorted (by code point) distinct Unicode scalar values of a text, id = rank. Immutable.
/// </summary>
public sealed class TextVocabulary
{
    private static readonly UTF8Encoding Utf8 = new(false, false);
    private readonly Rune[] _chars;
    private readonly Dictionary<int, int> _ids;

    private TextVocabulary(string kind, Rune[] chars)
    {
        Kind = kind;
        _chars = chars;
        _ids = new Dictionary<int, int>(chars.Length);
        for (int i = 0; i < chars.Length; i++) _ids.Add(chars[i].Value, i);
    }

    /// <summary>The byte-level vocabulary: 256 ids, one per UTF-8 byte value.</summary>
    public static TextVocabulary Bytes { get; } = new("bytes", []);

    /// <summary>"bytes" or "chars".</summary>
    public string Kind { get; }

    /// <summary>Number of ids: 256 for bytes, the number of distinct characters for chars.</summary>
    public int Size => Kind == "bytes" ? 256 : _chars.Length;

    /// <summary>The characters of a chars vocabulary in id order (empty for bytes).</summary>
    public IReadOnlyList<Rune> Characters => _chars;

    /// <summary>A chars vocabulary: the distinct Unicode scalar values of <paramref name="text"/>, sorted by code point.</summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> is empty.</exception>
    public static TextVocabulary FromChars(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) throw new ArgumentException("a chars vocabulary needs at least one character", nameof(text));
        var set = new SortedSet<int>();
        foreach (Rune r in text.EnumerateRunes()) set.Add(r.Value);
        return new TextVocabulary("chars", [.. set.Select(v => new Rune(v))]);
    }

    /// <summary>Token ids of <paramref name="text"/>, or a message naming the first character not in the vocabulary.</summary>
    public ParseResult<int[]> TryEncode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Kind == "bytes")
        {
            byte[] bytes = Utf8.GetBytes(text);
            var ids = new int[bytes.Length];
            for (int i = 0; i < bytes.Length; i++) ids[i] = bytes[i];
            return ParseResult<int[]>.Ok(ids);
        }
        var list = new List<int>(text.Length);
        int index = 0;
        foreach (Rune r in text.EnumerateRunes())
        {
            if (!_ids.TryGetValue(r.Value, out int id))
            {
                return ParseResult<int[]>.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"text: character {Describe(r)} at position {index} is not in the chars vocabulary; allowed: the {_chars.Length} characters of the training text"));
            }
            list.Add(id);
            index += r.Utf16SequenceLength;
        }
        return ParseResult<int[]>.Ok([.. list]);
    }

    /// <summary>Token ids of <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">A character is not in a chars vocabulary.</exception>
    public int[] Encode(string text)
    {
        var result = TryEncode(text);
        return result.Success ? result.Value : throw new ArgumentException(result.Error, nameof(text));
    }

    /// <summary>
    /// The text of <paramref name="ids"/>; ids equal to <see cref="SequenceDataset.IgnoreIndex"/> are skipped. Byte ids
    /// that do not form valid UTF-8 decode to U+FFFD.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside 0..Size−1 (and not −1).</exception>
    public string Decode(ReadOnlySpan<int> ids)
    {
        int size = Size;
        foreach (int id in ids)
        {
            if (id != SequenceDataset.IgnoreIndex && (id < 0 || id >= size)) throw new ArgumentOutOfRangeException(nameof(ids), id, $"ids must be in 0..{size - 1}");
        }
        if (Kind == "bytes")
        {
            var bytes = new List<byte>(ids.Length);
            foreach (int id in ids) if (id != SequenceDataset.IgnoreIndex) bytes.Add((byte)id);
            return Utf8.GetString([.. bytes]);
        }
        var sb = new StringBuilder(ids.Length);
        foreach (int id in ids) if (id != SequenceDataset.IgnoreIndex) sb.Append(_chars[id].ToString());
        return sb.ToString();
    }

    private static string Describe(Rune r) =>
        Rune.IsControl(r) || Rune.IsWhiteSpace(r)
            ? string.Create(CultureInfo.InvariantCulture, $"U+{r.Value:X4}")
            : string.Create(CultureInfo.InvariantCulture, $"'{r}' (U+{r.Value:X4})");
}

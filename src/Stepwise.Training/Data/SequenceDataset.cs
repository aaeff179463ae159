using System.Runtime.CompilerServices;
namespace Stepwise.Training.Data;

/// <summary>
/// Fixed-length samples of token ids for language models: each row holds <see cref="Context"/> input ids and the
/// <see cref="Context"/> targets, the inputs shifted left by one, with <see cref="IgnoreIndex"/> (−1) where the
/// passage ended before the window was full. Inputs past a passage's end are <see cref="PadId"/>. The arrays are
/// exposed for speed; treat them as read-only.
/// </summary>
public sealed class SequenceDataset
{
    /// <summary>The target value that marks "no target here" (cross-entropy ignore index).</summary>
    public const int IgnoreIndex = -1;

    /// <summary>The input id placed after a passage's end; its target is always <see cref="IgnoreIndex"/>.</summary>
    public const int PadId = 0;

    /// <summary>Wraps the given arrays (not copied) after checking their shapes and id ranges.</summary>
    /// <param name="name">The text file name, or "generated".</param>
    /// <param name="inputs">(count, context) ids in 0..vocab−1.</param>
    /// <param name="targets">(count, context) ids in 0..vocab−1 or −1.</param>
    /// <param name="context">Tokens per sample, ≥ 1.</param>
    /// <param name="vocabulary">The vocabulary the ids index.</param>
    /// <exception cref="ArgumentException">A shape does not match or an id is out of range.</exception>
    public SequenceDataset(string name, int[] inputs, int[] targets, int context, TextVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfLessThan(context, 1);
        if (inputs.Length % context != 0) throw new ArgumentException($"inputs has {inputs.Length} ids, not a multiple of the context {context}", nameof(inputs));
        if (targets.Length != inputs.Length) throw new ArgumentException($"targets has {targets.Length} ids, inputs {inputs.Length}", nameof(targets));
        int vocab = vocabulary.Size;
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] < 0 || inputs[i] >= vocab) throw new ArgumentException($"input id {inputs[i]} at {i} is outside 0..{vocab - 1}", nameof(inputs));
            if (targets[i] != IgnoreIndex && (targets[i] < 0 || targets[i] >= vocab)) throw new ArgumentException($"target id {targets[i]} at {i} is outside -1..{vocab - 1}", nameof(targets));
        }
        Name = name;
        Inputs = inputs;
        Targets = targets;
        Context = context;
        Vocabulary = vocabulary;
    }

    /// <summary>The text file name, or "generated".</summary>
    public string Name { get; }

    /// <summary>Samples (windows).</summary>
    public int Count => Inputs.Length / Context;

    /// <summary>Tokens per sample.</summary>
    public int Context { get; }

    /// <summary>Vocabulary size; ids are 0..Vocab−1.</summary>
    public int Vocab => Vocabulary.Size;

    /// <summary>Input ids, (Count, Context).</summary>
    public int[] Inputs { get; }

    /// <summary>Target ids, (Count, Context): the next token, or −1 past a passage's end.</summary>
    public int[] Targets { get; }

    /// <summary>Byte-level (256) or a char vocabulary built from the data.</summary>
    public TextVocabulary Vocabulary { get; }

    /// <summary>Target positions that are not <see cref="IgnoreIndex"/>, over all rows.</summary>
    public long TargetTokens
    {
        get
        {
            long n = 0;
            foreach (int t in Targets) if (t != IgnoreIndex) n++;
            return n;
        }
    }

    /// <summary>A new dataset holding copies of <paramref name="rows"/> in the given order (repeats allowed).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A row is outside 0..Count−1.</exception>
    public SequenceDataset Subset(string name, ReadOnlySpan<int> rows)
    {
        var inputs = new int[checked(rows.Length * Context)];
        var targets = new int[inputs.Length];
        var longs = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++) longs[i] = rows[i];
        CopyBatch(longs, inputs, targets);
        return new SequenceDataset(name, inputs, targets, Context, Vocabulary);
    }

    /// <summary>Gathers <paramref name="rows"/> (any order, repeats allowed) into a batch.</summary>
    /// <param name="rows">Row indices, each in 0..Count−1.</param>
    /// <param name="inputs">Receives (rows.Length, Context) input ids.</param>
    /// <param name="targets">Receives (rows.Length, Context) target ids.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A row is outside 0..Count−1.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CopyBatch(ReadOnlySpan<long> rows, Span<int> inputs, Span<int> targets)
    {
        long expected = (long)rows.Length * Context;
        if (inputs.Length != expected) throw new ArgumentException($"inputs has {inputs.Length} ids, expected {rows.Length} rows × {Context}", nameof(inputs));
        if (targets.Length != expected) throw new ArgumentException($"targets has {targets.Length} ids, expected {rows.Length} rows × {Context}", nameof(targets));
        for (int i = 0; i < rows.Length; i++)
        {
            long r = rows[i];
            if (r < 0 || r >= Count) throw new ArgumentOutOfRangeException(nameof(rows), r, $"row must be in 0..{Count - 1}");
            Inputs.AsSpan((int)r * Context, Context).CopyTo(inputs.Slice(i * Context, Context));
            Targets.AsSpan((int)r * Context, Context).CopyTo(targets.Slice(i * Context, Context));
        }
    }
}

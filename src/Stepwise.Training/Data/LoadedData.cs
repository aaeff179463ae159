namespace Stepwise.Training.Data;

/// <summary>
/// The splits of one source, ready for training: "train" always, plus the configured splits (e.g. "val", "test").
/// Exactly one of <see cref="Tabular"/> and <see cref="Sequences"/> is set. Built by <see cref="DataLoader.Load"/>.
/// </summary>
public sealed class LoadedData
{
    internal LoadedData(
        string source,
        IReadOnlyDictionary<string, TabularDataset>? tabular,
        IReadOnlyDictionary<string, SequenceDataset>? sequences,
        IReadOnlyList<string> splitNames,
        IReadOnlyDictionary<string, IReadOnlyList<int>> sourceRows,
        LabelNoiseResult noise,
        FeatureScaling? scaling)
    {
        if ((tabular is null) == (sequences is null)) throw new ArgumentException("exactly one of tabular and sequences must be set");
        Source = source;
        Tabular = tabular;
        Sequences = sequences;
        SplitNames = splitNames;
        SourceRows = sourceRows;
        NoisyIndices = noise.Indices;
        NoisyOriginalLabels = noise.OriginalLabels;
        FeatureMean = scaling?.Mean ?? [];
        FeatureScale = scaling?.Scale ?? [];
        if (tabular is not null)
        {
            TrainCount = tabular["train"].Count;
            Features = tabular["train"].Features;
            Classes = tabular["train"].Classes;
        }
        else
        {
            var train = sequences!["train"];
            TrainCount = train.Count;
            Vocab = train.Vocab;
            Context = train.Context;
            Vocabulary = train.Vocabulary;
        }
    }

    /// <summary>The source: digits, breast_cancer, blobs, csv or text.</summary>
    public string Source { get; }

    /// <summary>Tabular splits by name; null for text.</summary>
    public IReadOnlyDictionary<string, TabularDataset>? Tabular { get; }

    /// <summary>Sequence splits by name; null for tabular sources.</summary>
    public IReadOnlyDictionary<string, SequenceDataset>? Sequences { get; }

    /// <summary>"train" first, then the configured splits in config order.</summary>
    public IReadOnlyList<string> SplitNames { get; }

    /// <summary>
    /// For each split, the indices of its rows in the source (tabular rows, or text windows in file order), ascending;
    /// the split dataset's row i is source row <c>SourceRows[split][i]</c>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> SourceRows { get; }

    /// <summary>Rows (samples) in the train split.</summary>
    public long TrainCount { get; }

    /// <summary>
    /// SHA-256 (lowercase hex) of the loaded content: split names, source row membership, features and labels (or
    /// inputs, targets and vocabulary). Resume refuses data with a different fingerprint.
    /// </summary>
    public string Fingerprint => _fingerprint ??= DataFingerprint.Compute(this);

    private string? _fingerprint;

    /// <summary>
    /// Tabular: the class names by label id (label i is <c>ClassNames[i]</c>) when the labels are names — a CSV whose
    /// label column holds names (ids in sorted ordinal order of the names, docs/data.md), or breast_cancer (malignant,
    /// benign) — and null when the labels are plain whole numbers (digits, blobs, a numeric CSV label column).
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Notes for stderr about how the data was read (e.g. a CSV column that looks like a pandas index); empty
    /// for most data.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Train-split row indices (ascending) whose labels were flipped to a different class; empty without noise.</summary>
    public IReadOnlyList<long> NoisyIndices { get; }

    /// <summary>The labels the <see cref="NoisyIndices"/> rows had before flipping, in the same order.</summary>
    public IReadOnlyList<int> NoisyOriginalLabels { get; }

    /// <summary>Per-feature train-split means subtracted when standardizing; empty when not standardized.</summary>
    public IReadOnlyList<double> FeatureMean { get; }

    /// <summary>Per-feature train-split standard deviations divided by (1 for a constant feature); empty when not standardized.</summary>
    public IReadOnlyList<double> FeatureScale { get; }

    /// <summary>True when features were standardized.</summary>
    public bool Standardized => FeatureMean.Count > 0;

    /// <summary>Tabular: features per row; 0 for sequences.</summary>
    public int Features { get; }

    /// <summary>Tabular: number of classes; 0 for sequences.</summary>
    public int Classes { get; }

    /// <summary>Sequences: vocabulary size; 0 for tabular sources.</summary>
    public int Vocab { get; }

    /// <summary>Sequences: tokens per sample; 0 for tabular sources.</summary>
    public int Context { get; }

    /// <summary>Sequences: the vocabulary shared by all splits; null for tabular sources.</summary>
    public TextVocabulary? Vocabulary { get; }
}

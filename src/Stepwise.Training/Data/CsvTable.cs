namespace Stepwise.Training.Data;

/// <summary>What <see cref="CsvTableReader"/> read: the dataset, the class names when the labels were names (null for
/// numeric labels), and notes for stderr.</summary>
internal sealed record CsvTable(TabularDataset Dataset, IReadOnlyList<string>? ClassNames, IReadOnlyList<string> Notes);

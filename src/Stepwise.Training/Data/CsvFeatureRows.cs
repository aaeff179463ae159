namespace Stepwise.Training.Data;

/// <summary>Rows of a CSV read for prediction: the model's feature columns (in model order, float32), each row's file
/// line, and the label column's text when the file has one.</summary>
/// <param name="X">Features, row-major (rows × features).</param>
/// <param name="Lines">The file line each row starts on.</param>
/// <param name="Labels">The label cell of each row, or null when the file has no label column.</param>
public sealed record CsvFeatureRows(float[] X, int[] Lines, string[]? Labels)
{
    /// <summary>Rows read.</summary>
    public int Count => Lines.Length;
}

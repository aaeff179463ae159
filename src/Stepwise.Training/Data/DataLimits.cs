namespace Stepwise.Training.Data;

/// <summary>
/// The limits the data readers enforce while reading (docs/data.md#limits), so that a hostile or mistaken file is
/// refused with one line instead of exhausting memory. Each is far above what this CPU trainer can use.
/// </summary>
public static class DataLimits
{
    /// <summary>The largest CSV file, in bytes: 1 GiB (about 100 million feature cells).</summary>
    public const long MaxCsvBytes = 1L << 30;

    /// <summary>The longest CSV row, in characters, quoted line breaks included: 4 Mi (4,194,304).</summary>
    public const int MaxCsvRowChars = 1 << 22;

    /// <summary>The most columns in a CSV header (index, features and the label): 100,000.</summary>
    public const int MaxCsvColumns = 100_000;

    /// <summary>The largest text file for <c>source: text</c>, in bytes: 256 MiB.</summary>
    public const long MaxTextBytes = 256L << 20;
}

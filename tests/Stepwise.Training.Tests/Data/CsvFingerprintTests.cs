using Stepwise.Training.Data;

namespace Stepwise.Training.Tests.Data;

/// <summary>
/// Resume identity: files that loaded before the CSV reader moved to Sep (quoting, class names, index column) keep
/// their data fingerprint bit for bit. The pins were computed with the hand-written reader it replaced.
/// </summary>
public class CsvFingerprintTests
{
    /// <summary>A numeric CSV with what the old reader accepted: a BOM, CRLF, blank lines, padded cells, signs,
    /// exponents, a label column that is not last, and values that round when narrowed to float32.</summary>
    private static byte[] Legacy() =>
    [
        0xEF, 0xBB, 0xBF,
        .. "f1, y ,f2,f3\r\n0.1,1,-3,1e-4\r\n\r\n  2.5 ,0,+6,.5\r\n3.4028235e38,2,1e-45,0.30000000000000004\r\n   \r\n-7,1,8,9\r\n1.1,0,2.2,3.3\r\n4,2,5,6\r\n7,1,8,9.000001\r\n"u8.ToArray(),
    ];

    [Theory]
    [InlineData("plain", "1724f5f4ccf07919d01a1527444642946bcd779c4c51fcd82a6abe743c944026")]
    [InlineData("splits", "cda3563970b7e558de4f4aad26c00556f14cf7d326efb85f284928f827560da0")]
    [InlineData("subset, noise, classes", "b42836af31a4c4275f7de757ee7addd0321aed75ba3df7c68df3fce4e5b9773d")]
    public void Numeric_csv_fingerprint_is_unchanged_from_the_previous_reader(string variant, string pinned)
    {
        using var dir = new TempFolder();
        dir.Write("legacy.csv", Legacy());
        var spec = variant switch
        {
            "plain" => new DataSource("csv", Path: "legacy.csv", Label: "y"),
            "splits" => new DataSource("csv", Path: "legacy.csv", Label: "y", Splits: Load.Splits(("val", 0.25)), Standardize: false),
            _ => new DataSource("csv", Path: "legacy.csv", Label: "y", N: 6, LabelNoise: 0.2, Classes: 4, Splits: Load.Splits(("test", 0.3))),
        };
        var d = Load.Ok(spec, seed: 11, baseDirectory: dir.Path);
        Assert.Equal(pinned, d.Fingerprint);
    }
}

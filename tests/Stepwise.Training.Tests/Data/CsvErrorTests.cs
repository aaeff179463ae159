using Stepwise.Training.Data;

namespace Stepwise.Training.Tests.Data;

public class CsvErrorTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Bad = "\u0001BAD\u0001";

    /// <summary>case, file content (null: no file), label column, classes, fragments the message must contain.</summary>
    public static TheoryData<string, string?, string?, int?, string[]> Cases => new()
    {
        { "missing file", null, null, null, ["data.path = t.csv", "not found", "CSV file with a header row"] },
        { "empty file", "", null, null, ["t.csv", "empty", "header row"] },
        { "blank lines only", "\n  \n\n", null, null, ["t.csv", "empty", "header row"] },
        { "header only", "a,b,label\n", null, null, ["t.csv", "only a header", "line 1", "at least one row of 3 cells"] },
        { "too few cells", "a,b,label\n1,2,0\n1,2\n", null, null, ["t.csv line 3", "2 cells, expected 3", "a, b, label"] },
        { "too many cells", "a,b,label\n1,2,0,5\n", null, null, ["t.csv line 2", "4 cells, expected 3", "header column"] },
        { "non-numeric", "a,b,label\n1,2,0\n1,x,1\n", null, null, ["t.csv line 3 column 'b'", "'x' is not a number", "finite decimal numbers"] },
        { "empty cell", "a,b,label\n1,,0\n", null, null, ["t.csv line 2 column 'b'", "empty cell", "features must be finite"] },
        { "NaN", "a,b,label\n1,NaN,0\n", null, null, ["t.csv line 2 column 'b'", "'NaN' is NaN", "finite"] },
        { "infinity", "a,b,label\n-Infinity,1,0\n", null, null, ["t.csv line 2 column 'a'", "'-Infinity' is infinite", "±3.4028235e38"] },
        { "beyond float", "a,b,label\n1e39,1,0\n", null, null, ["t.csv line 2 column 'a'", "'1e39' is beyond float32 range", "±3.4028235e38"] },
        { "beyond double", "a,b,label\n1,-1e400,0\n", null, null, ["t.csv line 2 column 'b'", "'-1e400' is beyond float32 range"] },
        { "negative label", "a,b,label\n1,2,0\n1,2,-1\n", null, null, ["t.csv line 3 column 'label' (label)", "-1 is negative", "whole numbers 0..C−1"] },
        { "fractional label", "a,b,label\n1,2,1.5\n", null, null, ["t.csv line 2 column 'label' (label)", "'1.5' is not a whole number", "without a decimal point"] },
        { "label 3.0", "a,b,label\n1,2,3.0\n", null, null, ["t.csv line 2 column 'label'", "'3.0' is not a whole number", "whole numbers"] },
        { "one named class", "a,b,label\n1,2,cat\n", null, null, ["t.csv column 'label'", "every label is 'cat'", "at least 2 classes"] },
        { "names after numbers", "a,label\n1,0\n2,cat\n", null, null, ["t.csv line 3 column 'label' (label)", "'cat' is a class name, but line 2 holds the number 0", "all class names"] },
        { "numbers after names", "a,label\n1,cat\n2,dog\n3,1\n", null, null, ["t.csv line 4 column 'label' (label)", "1 is a number, but line 2 holds the class name 'cat'"] },
        { "classes with named labels", "a,label\n1,cat\n2,dog\n", null, 3, ["data.classes = 3", "names 2 classes (cat, dog)", "remove data.classes"] },
        { "empty label", "a,label\n1,cat\n2,\n", null, null, ["t.csv line 3 column 'label' (label)", "empty cell"] },
        { "huge label", "a,b,label\n1,2,99999999999999999999\n", null, null, ["t.csv line 2 column 'label'", "too large", "C ≤ 65536"] },
        { "label ≥ classes", "a,b,label\n1,2,0\n1,2,3\n", null, 3, ["t.csv line 3 column 'label'", "3 is too large", "0..2 (data.classes = 3)"] },
        { "unknown label column", "a,b,label\n1,2,0\n", "lable", null, ["data.label = lable", "t.csv", "did you mean 'label'?", "columns: a, b, label"] },
        { "unknown label, no guess", "a,b,label\n1,2,0\n", "target_class", null, ["data.label = target_class", "no such column in t.csv", "columns: a, b, label"] },
        { "duplicate header", "a,a,label\n1,2,0\n", null, null, ["t.csv line 1 (header)", "'a' appears twice", "columns 1 and 2", "unique"] },
        { "unnamed column", "a,,label\n1,2,0\n", null, null, ["t.csv line 1 (header)", "column 2 has no name", "unique name"] },
        { "one column", "label\n0\n1\n", null, null, ["t.csv line 1 (header)", "only one column ('label')", "at least one feature column"] },
        { "quoted cell with a comma", "a,b,label\n\"1,5\",2,0\n", null, null, ["t.csv line 2 column 'a'", "'1,5' is not a number"] },
        { "quote inside a header cell", "a,b\"x,label\n1,2,0\n", null, null, ["t.csv line 1 column '#2'", "a double quote inside an unquoted cell", "RFC 4180"] },
        { "quote inside a cell", "a,b,label\n1,2\"5,0\n", null, null, ["t.csv line 2 column 'b'", "a double quote inside an unquoted cell"] },
        { "unclosed quote", "a,b,label\n1,2,0\n1,\"2,0\n3,4,1\n", null, null, ["t.csv line 3 column 'b'", "a quoted cell that is never closed"] },
        { "text after the closing quote", "a,b,label\n1,\"2\"x,0\n", null, null, ["t.csv line 2 column 'b'", "text after the closing quote"] },
        { "error on a quoted cell's second line", "a,b,label\n\"1\n\", oops ,0\n", null, null, ["t.csv line 3 column 'b'", "'oops' is not a number"] },
        { "feature error after a multi-line row", "a,label\n1,\"cat\nlike\"\n2,dog\nbad,dog\n", null, null, ["t.csv line 5 column 'a'", "'bad' is not a number"] },
        { "pandas index column", ",a,label\n0,1,0\n1,2,1\n", null, null, ["t.csv line 1 (header)", "column 1 has no name, like the index column pandas writes", "set data.index_column: 0"] },
        { "invalid UTF-8", $"a,b,label\n1,2,0\n1,{Bad},0\n", null, null, ["t.csv line 3", "invalid UTF-8 at byte 18 (0xFF)", "must be UTF-8"] },
        { "one class", "a,label\n1,0\n2,0\n", null, null, ["t.csv column 'label'", "every label is 0", "at least 2 classes"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_csv_gives_one_line_naming_file_location_and_allowed(string name, string? content, string? label, int? classes, string[] fragments)
    {
        using var dir = new TempFolder();
        if (content is not null)
        {
            byte[] bytes = new System.Text.UTF8Encoding(false).GetBytes(content.Replace(Bad, "\u0001", StringComparison.Ordinal));
            for (int i = 0; i < bytes.Length; i++) if (bytes[i] == 1) bytes[i] = 0xFF;
            dir.Write("t.csv", bytes);
        }
        string error = Load.Error(new DataSource("csv", Path: "t.csv", Label: label, Classes: classes), baseDirectory: dir.Path);
        output.WriteLine(error);
        foreach (string f in fragments) Assert.True(error.Contains(f, StringComparison.Ordinal), $"{name}: '{error}' lacks '{f}'");
    }

    [Fact]
    public void Table_has_at_least_fifteen_rows() => Assert.True(Cases.Count >= 15);

    [Fact]
    public void Folder_as_path_is_an_error()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(System.IO.Path.Combine(dir.Path, "sub"));
        string error = Load.Error(new DataSource("csv", Path: "sub"), baseDirectory: dir.Path);
        Assert.Contains("data.path = sub: is a folder", error);
    }

    [Fact]
    public void Csv_without_path_is_an_error() =>
        Assert.Contains("data.path: missing", Load.Error(new DataSource("csv")));
}

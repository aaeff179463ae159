namespace Stepwise.Training.Tests.Export;

/// <summary>A temporary folder for export tests, deleted on dispose.</summary>
internal sealed class ExportTestFolder : IDisposable
{
    public ExportTestFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "stepwise-export-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

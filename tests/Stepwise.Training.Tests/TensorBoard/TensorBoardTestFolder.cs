namespace Stepwise.Training.Tests.TensorBoard;

/// <summary>A temporary run folder, deleted on dispose.</summary>
internal sealed class TensorBoardTestFolder : IDisposable
{
    public TensorBoardTestFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "stepwise-tb-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

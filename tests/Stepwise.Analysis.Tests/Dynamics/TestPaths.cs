namespace Stepwise.Analysis.Tests.Dynamics;

/// <summary>Repository paths for the dynamics tests.</summary>
internal static class TestPaths
{
    /// <summary>The repository root (the folder holding Stepwise.slnx).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Stepwise.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Stepwise.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>../shared/data beside the repository (the main checkout's shared folder).</summary>
    public static string SharedData
    {
        get
        {
            var dir = new DirectoryInfo(RepoRoot);
            while (dir is not null)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate)) return candidate;
                dir = dir.Parent;
            }
            return Path.Combine(RepoRoot, "..", "shared", "data");
        }
    }

    /// <summary>A fresh temporary folder path (not created).</summary>
    public static string Temp() => Path.Combine(Path.GetTempPath(), "stepwise-dyn-" + Guid.NewGuid().ToString("N"));
}

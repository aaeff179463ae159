namespace Stepwise.Training;

/// <summary>Facts about this assembly that the run folder records.</summary>
public static class TrainingAssembly
{
    /// <summary>The format version of run folders and checkpoints written by this build.</summary>
    public const int FormatVersion = 2;
}

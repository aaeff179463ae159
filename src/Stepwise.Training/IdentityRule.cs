namespace Stepwise.Training;

/// <summary>What <see cref="TrainingRun.Load"/> does when a checkpoint's identity differs from the setup's.</summary>
public enum IdentityRule
{
    /// <summary>Refuse (exit 2), naming every differing key with both values: a resume with another config.</summary>
    Refuse,

    /// <summary>Load anyway with a warning (<c>--force</c>).</summary>
    Warn,

    /// <summary>The setup was rebuilt from the checkpoint's own config, so only the data can differ (its file changed on
    /// disk): refuse that, ignore a row exclusion (it is not part of the config).</summary>
    SameData,
}

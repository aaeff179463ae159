namespace Stepwise.Engine;

/// <summary>Engine version marker (the engine is being built; see issue 3).</summary>
public static class EngineInfo
{
    /// <summary>The engine's format version for checkpoints.</summary>
    public const int FormatVersion = 1;
}

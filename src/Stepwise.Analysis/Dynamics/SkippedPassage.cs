namespace Stepwise.Analysis.Dynamics;

/// <summary>A passage of the source that was too short to measure (fewer than prompt + target tokens after the cut).</summary>
/// <param name="Index">Its position among the source's passages.</param>
/// <param name="Source">The file it is in.</param>
/// <param name="Tokens">Its tokens after the cut.</param>
public sealed record SkippedPassage(int Index, string Source, int Tokens);

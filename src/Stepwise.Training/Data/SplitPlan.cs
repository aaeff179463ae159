namespace Stepwise.Training.Data;

/// <summary>Split names ("train" first, then config order) and each split's source rows, ascending.</summary>
internal sealed record SplitPlan(string[] Names, int[][] Rows);

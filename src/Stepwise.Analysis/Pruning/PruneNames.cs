namespace Stepwise.Analysis.Pruning;

/// <summary>The names of the methods in files and outputs (<c>tim</c>, <c>tracin</c>, <c>random</c>, <c>oracle</c>,
/// <c>none</c>) and back.</summary>
public static class PruneNames
{
    /// <summary>The methods in table order.</summary>
    public static IReadOnlyList<PruneMethod> Order { get; } = [PruneMethod.Tim, PruneMethod.TracIn, PruneMethod.Random, PruneMethod.Oracle, PruneMethod.None];

    /// <summary>The lower-case name.</summary>
    public static string Of(PruneMethod method) => method switch
    {
        PruneMethod.Tim => "tim",
        PruneMethod.TracIn => "tracin",
        PruneMethod.Random => "random",
        PruneMethod.Oracle => "oracle",
        _ => "none",
    };

    /// <summary>The method named <paramref name="name"/>, or null.</summary>
    public static PruneMethod? Parse(string name) => Order.Cast<PruneMethod?>().FirstOrDefault(m => Of(m!.Value) == name);

    /// <summary>Whether the method scores a stage window (TIM, TracIn) rather than ignoring the stages.</summary>
    public static bool Scores(PruneMethod method) => method is PruneMethod.Tim or PruneMethod.TracIn;
}

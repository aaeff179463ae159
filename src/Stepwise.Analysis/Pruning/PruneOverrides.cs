namespace Stepwise.Analysis.Pruning;

/// <summary>The command line's choices for an experiment (<c>--stages</c>, <c>--prune</c>, <c>--noise</c>,
/// <c>--method</c>, <c>--repeats</c>, <c>--query</c>); null = take the config's <c>prune:</c> section, else the default.</summary>
public sealed record PruneOverrides
{
    /// <summary><c>--stages K</c>.</summary>
    public long? Stages { get; init; }

    /// <summary><c>--prune F</c>, the share of train samples pruned, as written.</summary>
    public decimal? Fraction { get; init; }

    /// <summary><c>--noise R</c>, the share of train labels flipped, as written.</summary>
    public decimal? Noise { get; init; }

    /// <summary><c>--method tim|tracin|all</c>.</summary>
    public string? Method { get; init; }

    /// <summary><c>--repeats R</c>.</summary>
    public long? Repeats { get; init; }

    /// <summary><c>--query SPLIT</c>.</summary>
    public string? Query { get; init; }
}

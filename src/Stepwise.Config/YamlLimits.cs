namespace Stepwise.Config;

/// <summary>
/// The limits the YAML reader enforces while it reads, so that a hostile file is refused with one line instead of
/// exhausting memory or the stack (docs/config.md#limits). Each is far above what a real config needs: the configs in
/// examples/ are under 2 KB, nest at most 3 deep and hold under 100 nodes.
/// </summary>
public static class YamlLimits
{
    /// <summary>The largest config file (or text given to the reader), in bytes of UTF-8: 4 MiB.</summary>
    public const long MaxBytes = 4L * 1024 * 1024;

    /// <summary>The deepest nesting of mappings and lists: the root mapping is level 1, a section level 2.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The most nodes (scalars, keys, mappings and lists) the document may hold once every alias is expanded: an alias
    /// counts as the whole node it refers to, so nine levels of nine aliases (9⁹ ≈ 387 million) are refused.
    /// </summary>
    public const long MaxNodes = 1_000_000;
}

using System.Globalization;
using Stepwise.Configuration;
using Stepwise.Training;
using Stepwise.Training.Setup;

namespace Stepwise.Analysis.Pruning;

/// <summary>
/// The configs of an experiment's runs, as edits of the user's config tree without its <c>prune</c> section (so every
/// run folder's config.yaml is an ordinary training config): a repeat's run trained once is the config with the
/// repeat's seed, the label noise (none: the key removed), the K stages and influence recording; a retrained run is that
/// config with the pruned rows excluded (<c>data.exclude_rows</c>), the run's saved initial weights
/// (<c>model.init_from</c>: its checkpoint_step_0), no recording and no stages.
/// </summary>
internal static class PruneConfigs
{
    public static ConfigNode Repeat(ConfigNode root, PruneSettings settings, ulong seed, string? name)
    {
        var node = Set(root, "seed", Scalar(seed.ToString(CultureInfo.InvariantCulture)));
        node = Set(node, "data.label_noise", settings.Noise == 0 ? ConfigScalar.Null : Scalar(settings.Noise.ToString(CultureInfo.InvariantCulture)));
        node = Set(node, "stages", Scalar(settings.Stages.ToString(CultureInfo.InvariantCulture)));
        node = Set(node, "influence.record", Scalar("true"));
        return name is null ? node : Set(node, "name", Scalar(name));
    }

    public static ConfigNode Retrain(ConfigNode repeat, IReadOnlyList<long> excluded, string initFrom, string name)
    {
        var node = Set(Kept(repeat, excluded), "model.init_from", Scalar(initFrom));
        return Set(node, "name", Scalar(name));
    }

    /// <summary>The repeat's config on the kept samples: its plan is the retrained runs' (without their initial weights).</summary>
    public static ConfigNode Kept(ConfigNode repeat, IReadOnlyList<long> excluded)
    {
        var node = Set(repeat, "data.exclude_rows", new ConfigSequence([.. excluded.Select(r => (ConfigNode)Scalar(r.ToString(CultureInfo.InvariantCulture)))]));
        node = Set(node, "influence.record", Scalar("false"));
        return Set(node, "stages", ConfigScalar.Null);
    }

    /// <summary><paramref name="root"/> without its <c>prune</c> section (the runs are ordinary training configs).</summary>
    public static ConfigNode WithoutPrune(ConfigNode root) =>
        root is ConfigMapping m ? m with { Entries = [.. m.Entries.Where(e => e.Key != "prune")] } : root;

    /// <summary>The config's name (<c>name</c>), or null.</summary>
    public static string? Name(ConfigNode root) => root is ConfigMapping m && m.Get("name") is ConfigScalar { IsNull: false } s ? s.Text : null;

    private static ConfigScalar Scalar(string text) => new(text, false);

    private static ConfigNode Set(ConfigNode root, string path, ConfigNode value)
    {
        var applied = ConfigOverrides.Apply(root, path, value, RunSchema.Run);
        if (!applied.TryGetValue(out var node)) throw new RunInputException(applied.Error!);
        return node;
    }
}

using Stepwise.Training.Inference;

namespace Stepwise.Training.Export;

/// <summary>Writes a checkpoint's model for other tools (docs/export.md): a TinyGpt in Hugging Face's GPT-2 layout
/// (<c>hf</c>, what <c>GPT2LMHeadModel.from_pretrained</c> loads), an MLP or logistic regression as the state dict of a
/// <c>torch.nn.Sequential</c> of Linear layers (<c>torch</c>).</summary>
public static class ModelExport
{
    /// <summary>The formats <c>--to</c> accepts.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["hf", "torch"];

    /// <summary>The format used when none is named: hf for a TinyGpt, torch for a tabular model.</summary>
    public static string DefaultFormat(CheckpointModel model) => model?.Gpt is not null ? "hf" : "torch";

    /// <summary>Writes <paramref name="model"/> as <paramref name="format"/> into <paramref name="directory"/> (new or empty);
    /// returns the files written. Throws <see cref="RunInputException"/> for a format that does not fit the model or a
    /// folder that is not empty; <see cref="IOException"/> for a failed write (nothing is left).</summary>
    public static IReadOnlyList<string> Write(CheckpointModel model, string format, string directory, string shownCheckpoint)
    {
        ArgumentNullException.ThrowIfNull(model);
        var provenance = new ExportProvenance(shownCheckpoint, new Step(model.Step));
        switch (format)
        {
            case "hf" when model.Gpt is { } gpt:
                return HfGpt2Export.Write(directory, gpt, model.Signature.Vocabulary!, provenance);
            case "hf":
                throw new RunInputException($"--to hf: {Path.GetFileName(model.Path)} holds a {model.Spec.Kind} (tabular) model; Hugging Face's GPT-2 layout is for tiny_gpt checkpoints (use --to torch)");
            case "torch" when model.Mlp is { } mlp:
                var sig = model.Signature;
                var scaling = sig.FeatureMean.Count > 0 ? new FeatureStandardization(sig.FeatureMean, sig.FeatureScale) : null;
                return TorchSequentialExport.Write(directory, mlp, scaling, sig.FeatureNames.Count > 0 ? sig.FeatureNames : null, sig.ClassNames, provenance);
            case "torch":
                throw new RunInputException($"--to torch: {Path.GetFileName(model.Path)} holds a tiny_gpt model; export it with --to hf (Hugging Face's GPT-2 layout)");
            default:
                string? guess = Configuration.DidYouMean.Suggest(format, Formats);
                throw new RunInputException($"--to {format}: not an export format{(guess is null ? "" : $"; did you mean '{guess}'?")} (allowed: {string.Join(", ", Formats)})");
        }
    }
}

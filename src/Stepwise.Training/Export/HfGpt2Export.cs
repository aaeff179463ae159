using System.Text;
using System.Text.Json;
using Stepwise.Engine.Models;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Data;

namespace Stepwise.Training.Export;

/// <summary>
/// Writes a TinyGpt in the Hugging Face GPT-2 layout, which <c>transformers.GPT2LMHeadModel.from_pretrained(DIR)</c>
/// loads: <c>config.json</c> (a <c>GPT2Config</c>), <c>model.safetensors</c> (float32, GPT-2 tensor names, Conv1D
/// weights transposed to (in, out)), <c>vocabulary.json</c> and <c>README.md</c> (the id → character table: there is
/// no HF tokenizer). TinyGpt is GPT-2's architecture exactly (docs/export.md): pre-LayerNorm blocks with ε = 1e-5,
/// q|k|v packed in that order in one projection, heads as consecutive channel groups, scores scaled by 1/√(C/NH),
/// GELU in its tanh form (<c>gelu_new</c>), learned absolute positions, biases everywhere but the head, head tied or not.
/// </summary>
public static class HfGpt2Export
{
    /// <summary>The GPT2Config file.</summary>
    public const string ConfigFile = "config.json";

    /// <summary>The weights.</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>The vocabulary, machine-readable.</summary>
    public const string VocabularyFile = "vocabulary.json";

    /// <summary>The note for people: what the folder holds, how to load it, the vocabulary table.</summary>
    public const string ReadmeFile = "README.md";

    /// <summary>The LayerNorm ε of TinyGpt (the engine's LayerNorm), written as <c>layer_norm_epsilon</c>.</summary>
    public const double LayerNormEpsilon = 1e-5;

    /// <summary>Writes the export of <paramref name="model"/> into <paramref name="directory"/> (which must not exist or
    /// be empty; created with its parents), all files at once (a temporary folder renamed). The bytes depend only on
    /// the arguments. Returns the paths written.</summary>
    /// <param name="directory">The target folder.</param>
    /// <param name="model">The trained model (its parameters are read, not changed).</param>
    /// <param name="vocabulary">The vocabulary it was trained with (its size must be the model's vocabulary).</param>
    /// <param name="provenance">The checkpoint the weights come from, for the README; may be null.</param>
    /// <exception cref="ArgumentException">The vocabulary's size is not the model's.</exception>
    /// <exception cref="RunInputException">The target is a file or a folder that is not empty.</exception>
    /// <exception cref="IOException">A write fails (no target folder is left).</exception>
    public static IReadOnlyList<string> Write(string directory, TinyGpt<float> model, TextVocabulary vocabulary, ExportProvenance? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (vocabulary.Size != model.Config.Vocab)
            throw new ArgumentException($"the vocabulary has {vocabulary.Size} ids, the model {model.Config.Vocab}", nameof(vocabulary));
        return ExportFolder.Write(directory,
        [
            (ConfigFile, Encoding.UTF8.GetBytes(ConfigJson(model.Config))),
            (WeightsFile, SafeTensors.Serialize(Tensors(model), new Dictionary<string, string> { ["format"] = "pt" })),
            (VocabularyFile, Encoding.UTF8.GetBytes(Gpt2Readme.VocabularyJson(vocabulary))),
            (ReadmeFile, Encoding.UTF8.GetBytes(Gpt2Readme.Text(model.Config, vocabulary, Names(model.Config), provenance))),
        ]);
    }

    /// <summary>The tensor names of the export, in TinyGpt's parameter order; <c>lm_head.weight</c> only when the
    /// head is not tied (HF then ties it to <c>transformer.wte.weight</c> itself, as its own checkpoints omit it).</summary>
    public static IReadOnlyList<Gpt2TensorName> Names(TinyGptConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var names = new List<Gpt2TensorName>
        {
            new("wte", "transformer.wte.weight", false),
            new("wpe", "transformer.wpe.weight", false),
        };
        for (int l = 0; l < config.Layers; l++)
        {
            string s = $"h{l}.", h = $"transformer.h.{l}.";
            names.Add(new(s + "ln1.weight", h + "ln_1.weight", false));
            names.Add(new(s + "ln1.bias", h + "ln_1.bias", false));
            names.Add(new(s + "attn.qkv.weight", h + "attn.c_attn.weight", true));
            names.Add(new(s + "attn.qkv.bias", h + "attn.c_attn.bias", false));
            names.Add(new(s + "attn.proj.weight", h + "attn.c_proj.weight", true));
            names.Add(new(s + "attn.proj.bias", h + "attn.c_proj.bias", false));
            names.Add(new(s + "ln2.weight", h + "ln_2.weight", false));
            names.Add(new(s + "ln2.bias", h + "ln_2.bias", false));
            names.Add(new(s + "mlp.fc.weight", h + "mlp.c_fc.weight", true));
            names.Add(new(s + "mlp.fc.bias", h + "mlp.c_fc.bias", false));
            names.Add(new(s + "mlp.proj.weight", h + "mlp.c_proj.weight", true));
            names.Add(new(s + "mlp.proj.bias", h + "mlp.c_proj.bias", false));
        }
        names.Add(new("lnf.weight", "transformer.ln_f.weight", false));
        names.Add(new("lnf.bias", "transformer.ln_f.bias", false));
        if (!config.TieWeights) names.Add(new("lm_head.weight", "lm_head.weight", false));
        return names;
    }

    /// <summary>The tensors of <c>model.safetensors</c>: every parameter under its HF name (<see cref="Names"/>), float32,
    /// Conv1D weights transposed from (out, in) to (in, out).</summary>
    public static IReadOnlyList<TensorEntry> Tensors(TinyGpt<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tensors = new List<TensorEntry>();
        foreach (var name in Names(model.Config))
        {
            var view = model.Layout[name.Stepwise];
            ReadOnlySpan<float> values = view.Of(model.Params);
            if (!name.Transposed)
            {
                tensors.Add(SafeTensors.F32(name.HuggingFace, values, view.Shape.Select(d => (long)d).ToArray()));
                continue;
            }
            int rows = view.Shape[0], cols = view.Shape[1]; // (out, in)
            var t = new float[values.Length];                // (in, out)
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++) t[j * rows + i] = values[i * cols + j];
            }
            tensors.Add(SafeTensors.F32(name.HuggingFace, t, cols, rows));
        }
        return tensors;
    }

    /// <summary>The <c>config.json</c> text: a <c>GPT2Config</c> of the model's shape, keys sorted as HF writes them.
    /// <c>bos_token_id</c> and <c>eos_token_id</c> are null (the vocabulary has no such tokens; GPT-2's 50256 would
    /// be out of range); attention and embedding dropout 0 (TinyGpt has neither), residual dropout the model's.</summary>
    public static string ConfigJson(TinyGptConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("activation_function", "gelu_new");
            w.WriteStartArray("architectures");
            w.WriteStringValue("GPT2LMHeadModel");
            w.WriteEndArray();
            w.WriteNumber("attn_pdrop", 0.0);
            w.WriteNull("bos_token_id");
            w.WriteNumber("embd_pdrop", 0.0);
            w.WriteNull("eos_token_id");
            w.WriteNumber("initializer_range", 0.02);
            w.WriteNumber("layer_norm_epsilon", LayerNormEpsilon);
            w.WriteString("model_type", "gpt2");
            w.WriteNumber("n_ctx", config.Context);
            w.WriteNumber("n_embd", config.Channels);
            w.WriteNumber("n_head", config.Heads);
            w.WriteNull("n_inner");
            w.WriteNumber("n_layer", config.Layers);
            w.WriteNumber("n_positions", config.Context);
            w.WriteBoolean("reorder_and_upcast_attn", false);
            w.WriteNumber("resid_pdrop", config.Dropout);
            w.WriteBoolean("scale_attn_by_inverse_layer_idx", false);
            w.WriteBoolean("scale_attn_weights", true);
            w.WriteBoolean("tie_word_embeddings", config.TieWeights);
            w.WriteString("torch_dtype", "float32");
            w.WriteBoolean("use_cache", true);
            w.WriteNumber("vocab_size", config.Vocab);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}

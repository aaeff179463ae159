using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Stepwise.Engine;
using Stepwise.Engine.Models;
using Stepwise.Training.Checkpoints;
using Stepwise.Training.Data;
using Stepwise.Training.Export;
using Xunit.Abstractions;

namespace Stepwise.Training.Tests.Export;

public class HfGpt2ExportTests(ITestOutputHelper output)
{
    private const string Text = "To be, or not to be: that is the question.\nWhether 'tis nobler | `quoted` — ü\t!";

    /// <summary>GPT-2 init plus noise on every parameter, so that every tensor (LayerNorm gains, biases) carries signal.</summary>
    private static TinyGpt<float> Model(TinyGptConfig cfg, ulong seed)
    {
        var model = new TinyGpt<float>(cfg);
        var rng = new Rng(seed);
        model.Initialize(rng);
        for (int i = 0; i < model.Params.Length; i++) model.Params[i] += (float)(rng.NextGaussian() * 0.2);
        model.Training = false;
        return model;
    }

    private static TinyGptConfig Config(TextVocabulary v, bool tie) =>
        new(Vocab: v.Size, Context: 16, Layers: 2, Heads: 2, Channels: 16, Dropout: 0.1, TieWeights: tie);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_weights_carry_gpt2_names_and_shapes_with_conv1d_weights_transposed(bool tie)
    {
        using var dir = new ExportTestFolder();
        var vocab = TextVocabulary.FromChars(Text);
        var cfg = Config(vocab, tie);
        var model = Model(cfg, 7);
        HfGpt2Export.Write(dir.Sub("hf"), model, vocab);

        var file = SafeTensors.Read(File.ReadAllBytes(Path.Combine(dir.Sub("hf"), "model.safetensors")));
        Assert.Equal("pt", file.Metadata["format"]);
        int c = cfg.Channels, v = cfg.Vocab;
        var expected = new Dictionary<string, long[]>
        {
            ["transformer.wte.weight"] = [v, c],
            ["transformer.wpe.weight"] = [cfg.Context, c],
            ["transformer.ln_f.weight"] = [c],
            ["transformer.ln_f.bias"] = [c],
        };
        for (int l = 0; l < cfg.Layers; l++)
        {
            string h = $"transformer.h.{l}.";
            expected[h + "ln_1.weight"] = [c];
            expected[h + "ln_1.bias"] = [c];
            expected[h + "attn.c_attn.weight"] = [c, 3 * c];
            expected[h + "attn.c_attn.bias"] = [3 * c];
            expected[h + "attn.c_proj.weight"] = [c, c];
            expected[h + "attn.c_proj.bias"] = [c];
            expected[h + "ln_2.weight"] = [c];
            expected[h + "ln_2.bias"] = [c];
            expected[h + "mlp.c_fc.weight"] = [c, 4 * c];
            expected[h + "mlp.c_fc.bias"] = [4 * c];
            expected[h + "mlp.c_proj.weight"] = [4 * c, c];
            expected[h + "mlp.c_proj.bias"] = [c];
        }
        if (!tie) expected["lm_head.weight"] = [v, c];
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), file.Tensors.Select(t => t.Name));
        foreach (var t in file.Tensors)
        {
            Assert.Equal(SafeTensorsDType.F32, t.DType);
            Assert.Equal(expected[t.Name], t.Shape);
        }

        // every value, by its own index arithmetic: transposed ones are ours[i, j] at [j, i]
        foreach (var n in HfGpt2Export.Names(cfg))
        {
            var view = model.Layout[n.Stepwise];
            float[] ours = view.Of(model.Params).ToArray(), theirs = file.ReadF32(n.HuggingFace);
            if (!n.Transposed)
            {
                Assert.Equal(ours, theirs);
                continue;
            }
            int rows = view.Shape[0], cols = view.Shape[1];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    Assert.Equal(ours[i * cols + j], theirs[j * rows + i]);
        }
        Assert.Equal(model.Layout.Views.Count, HfGpt2Export.Names(cfg).Count); // every parameter is exported, once
    }

    [Fact]
    public void Config_json_is_a_gpt2_config_of_the_models_shape()
    {
        var cfg = new TinyGptConfig(Vocab: 256, Context: 64, Layers: 3, Heads: 4, Channels: 32, Dropout: 0.125, TieWeights: false);
        using var doc = JsonDocument.Parse(HfGpt2Export.ConfigJson(cfg));
        var r = doc.RootElement;
        Assert.Equal("gpt2", r.GetProperty("model_type").GetString());
        Assert.Equal(["GPT2LMHeadModel"], r.GetProperty("architectures").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(256, r.GetProperty("vocab_size").GetInt32());
        Assert.Equal(64, r.GetProperty("n_positions").GetInt32());
        Assert.Equal(64, r.GetProperty("n_ctx").GetInt32());
        Assert.Equal(32, r.GetProperty("n_embd").GetInt32());
        Assert.Equal(3, r.GetProperty("n_layer").GetInt32());
        Assert.Equal(4, r.GetProperty("n_head").GetInt32());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("n_inner").ValueKind); // 4 × n_embd, as TinyGpt
        Assert.Equal(1e-5, r.GetProperty("layer_norm_epsilon").GetDouble());
        Assert.Equal("gelu_new", r.GetProperty("activation_function").GetString());
        Assert.False(r.GetProperty("tie_word_embeddings").GetBoolean());
        Assert.Equal(0.125, r.GetProperty("resid_pdrop").GetDouble());
        Assert.Equal(0.0, r.GetProperty("attn_pdrop").GetDouble());
        Assert.Equal(0.0, r.GetProperty("embd_pdrop").GetDouble());
        Assert.True(r.GetProperty("scale_attn_weights").GetBoolean());
        Assert.False(r.GetProperty("scale_attn_by_inverse_layer_idx").GetBoolean());
        Assert.False(r.GetProperty("reorder_and_upcast_attn").GetBoolean());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("bos_token_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, r.GetProperty("eos_token_id").ValueKind);
        // keys sorted, as HF's to_json_string(sort_keys=True) writes them
        var keys = r.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public void The_readme_and_vocabulary_json_give_the_id_of_every_character()
    {
        using var dir = new ExportTestFolder();
        var vocab = TextVocabulary.FromChars(Text);
        HfGpt2Export.Write(dir.Sub("hf"), Model(Config(vocab, true), 3), vocab, new ExportProvenance("runs/t/checkpoint_step_80", new Step(80)));
        string readme = File.ReadAllText(Path.Combine(dir.Sub("hf"), "README.md"));
        Assert.Contains("Exported from `runs/t/checkpoint_step_80` (step 80", readme);
        Assert.Contains("GPT2LMHeadModel.from_pretrained", readme);
        for (int id = 0; id < vocab.Size; id++)
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"| {id} | U+{vocab.Characters[id].Value:X4} |"), readme);
        Assert.Contains("| (newline) |", readme);
        Assert.Contains("| `\\|` |", readme);
        Assert.Contains("| `ü` |", readme);

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Sub("hf"), "vocabulary.json")));
        Assert.Equal("chars", doc.RootElement.GetProperty("kind").GetString());
        Assert.Equal(vocab.Characters.Select(r => r.ToString()), doc.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(vocab.Characters.Select(r => r.Value), doc.RootElement.GetProperty("code_points").EnumerateArray().Select(t => t.GetInt32()));
        // and the table decodes what the model was trained on
        int[] ids = vocab.Encode("question");
        Assert.Equal("question", string.Concat(ids.Select(i => doc.RootElement.GetProperty("tokens")[i].GetString())));
    }

    [Fact]
    public void A_bytes_vocabulary_is_described_as_utf8_bytes()
    {
        using var dir = new ExportTestFolder();
        var cfg = new TinyGptConfig(Vocab: 256, Context: 8, Layers: 1, Heads: 1, Channels: 8);
        HfGpt2Export.Write(dir.Sub("hf"), Model(cfg, 1), TextVocabulary.Bytes);
        Assert.Contains("list(text.encode(\"utf-8\"))", File.ReadAllText(Path.Combine(dir.Sub("hf"), "README.md")));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Sub("hf"), "vocabulary.json")));
        Assert.Equal("bytes", doc.RootElement.GetProperty("kind").GetString());
        Assert.Equal(256, doc.RootElement.GetProperty("size").GetInt32());
    }

    [Fact]
    public void The_export_depends_only_on_the_model_and_the_target_must_be_new_or_empty()
    {
        using var dir = new ExportTestFolder();
        var vocab = TextVocabulary.FromChars(Text);
        var model = Model(Config(vocab, true), 11);
        var first = HfGpt2Export.Write(dir.Sub("a/b/c"), model, vocab); // parents are created
        Directory.CreateDirectory(dir.Sub("empty"));
        var second = HfGpt2Export.Write(dir.Sub("empty"), model, vocab);
        Assert.Equal(["config.json", "model.safetensors", "vocabulary.json", "README.md"], first.Select(Path.GetFileName));
        for (int i = 0; i < first.Count; i++) Assert.Equal(File.ReadAllBytes(first[i]), File.ReadAllBytes(second[i]));

        byte[] before = File.ReadAllBytes(first[1]);
        var e = Assert.Throws<RunInputException>(() => HfGpt2Export.Write(dir.Sub("a/b/c"), Model(Config(vocab, true), 12), vocab));
        Assert.Contains("not empty", e.Message);
        Assert.Equal(before, File.ReadAllBytes(first[1]));
        File.WriteAllText(dir.Sub("file"), "x");
        Assert.Throws<RunInputException>(() => HfGpt2Export.Write(dir.Sub("file"), model, vocab));
        Assert.Empty(Directory.GetDirectories(dir.Path, ".*")); // no temporary folder left behind
        Assert.Throws<ArgumentException>(() => HfGpt2Export.Write(dir.Sub("x"), model, TextVocabulary.Bytes));
        Assert.False(Directory.Exists(dir.Sub("x")));
    }

    /// <summary>The HF reference (scripts/hf_gpt2_reference.py: GPT-2 module for module as modeling_gpt2, loaded
    /// with load_state_dict from the exported files) gives our logits within 1e-4, tied and untied.</summary>
    [PythonFact("numpy", "torch")]
    public void A_gpt2_written_as_hugging_face_writes_it_loads_the_export_and_gives_our_logits()
    {
        using var dir = new ExportTestFolder();
        var vocab = TextVocabulary.FromChars(Text);
        const int batch = 3, time = 13; // shorter than the context: positions 0..12 only
        var cases = new List<(bool Tie, float[] Ours, string Out)>();
        var args = new List<string>();
        foreach (bool tie in new[] { true, false })
        {
            var cfg = Config(vocab, tie);
            var model = Model(cfg, tie ? 2024UL : 2025UL);
            var rng = new Rng(99);
            int[] tokens = Enumerable.Range(0, batch * time).Select(_ => (int)rng.NextLong(cfg.Vocab)).ToArray();
            model.Forward(tokens, ReadOnlySpan<int>.Empty, batch, time);
            string export = dir.Sub($"hf-{tie}"), tokensPath = dir.Sub($"tokens-{tie}.json"), outPath = dir.Sub($"logits-{tie}.bin");
            HfGpt2Export.Write(export, model, vocab);
            File.WriteAllText(tokensPath, JsonSerializer.Serialize(new { tokens = tokens.Chunk(time).ToArray() }));
            cases.Add((tie, model.Logits.ToArray(), outPath));
            args.AddRange([export, tokensPath, outPath]);
        }
        string script = Path.Combine(PythonScript.RepositoryRoot(), "scripts", "hf_gpt2_reference.py");
        string[] reports = PythonScript.RunScript(script, [.. args]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Count, reports.Length);
        for (int k = 0; k < cases.Count; k++)
        {
            var (tie, ours, outPath) = cases[k];
            float[] theirs = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(outPath)).ToArray();
            Assert.Equal(ours.Length, theirs.Length);
            double worst = 0, scale = 0;
            for (int i = 0; i < ours.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs((double)ours[i] - theirs[i]));
                scale = Math.Max(scale, Math.Abs(theirs[i]));
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tie={tie}: {reports[k].Trim()}; max|Δlogit| = {worst:E2} (max|logit| {scale:F2})"));
            Assert.True(scale > 1, "the logits should not be trivially small");
            Assert.True(worst <= 1e-4, string.Create(CultureInfo.InvariantCulture, $"tie={tie}: max |Δ logit| = {worst:E3} > 1e-4"));
        }
    }
}

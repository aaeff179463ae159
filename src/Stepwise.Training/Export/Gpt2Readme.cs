using System.Globalization;
using System.Text;
using System.Text.Json;
using Stepwise.Engine.Models;
using Stepwise.Training.Data;

namespace Stepwise.Training.Export;

/// <summary>The README.md and vocabulary.json of a GPT-2 export.</summary>
internal static class Gpt2Readme
{
    public static string VocabularyJson(TextVocabulary vocabulary)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("kind", vocabulary.Kind);
            w.WriteNumber("size", vocabulary.Size);
            if (vocabulary.Kind == "bytes")
            {
                w.WriteString("rule", "id = the value of one byte of the text's UTF-8 encoding (0..255)");
            }
            else
            {
                w.WriteString("rule", "id = the rank of the character among the training text's distinct characters, by code point");
                w.WriteStartArray("tokens");
                foreach (var r in vocabulary.Characters) w.WriteStringValue(r.ToString());
                w.WriteEndArray();
                w.WriteStartArray("code_points");
                foreach (var r in vocabulary.Characters) w.WriteNumberValue(r.Value);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static string Text(TinyGptConfig c, TextVocabulary vocabulary, IReadOnlyList<Gpt2TensorName> names, ExportProvenance? provenance)
    {
        var sb = new StringBuilder();
        void Line(string s = "") => sb.Append(s).Append('\n');
        Line("# A Stepwise TinyGpt in the Hugging Face GPT-2 layout");
        Line();
        if (provenance is not null) Line(Inv($"Exported from `{provenance.Checkpoint}` (step {provenance.Step}, the weights after {provenance.Step} optimizer updates)."));
        Line(Inv($"Shape: {Count(c.Layers, "layer")}, {Count(c.Heads, "head")}, {c.Channels} channels, context {c.Context} tokens, vocabulary {c.Vocab} ({vocabulary.Kind}), output head {(c.TieWeights ? "tied to the token embedding" : "separate (lm_head.weight)")}."));
        Line();
        Line("Files: `config.json` (GPT2Config), `model.safetensors` (float32 weights), `vocabulary.json` (the ids), this note.");
        Line();
        Line("```python");
        Line("import torch");
        Line("from transformers import GPT2LMHeadModel");
        Line("model = GPT2LMHeadModel.from_pretrained(\"THIS_FOLDER\").eval()");
        if (vocabulary.Kind == "bytes")
        {
            Line("ids = torch.tensor([list(\"Once upon\".encode(\"utf-8\"))])");
            Line("out = model.generate(ids, max_new_tokens=100, do_sample=False)");
            Line("print(bytes(out[0].tolist()).decode(\"utf-8\", errors=\"replace\"))");
        }
        else
        {
            Line("import json");
            Line("tokens = json.load(open(\"THIS_FOLDER/vocabulary.json\", encoding=\"utf-8\"))[\"tokens\"]");
            Line("ids_of = {t: i for i, t in enumerate(tokens)}");
            string prompt = SamplePrompt(vocabulary);
            Line(prompt.Length > 0 ? $"ids = torch.tensor([[ids_of[ch] for ch in \"{prompt}\"]])" : "ids = torch.tensor([[0]])  # id 0: the first character of the table below");
            Line("out = model.generate(ids, max_new_tokens=100, do_sample=False)");
            Line("print(\"\".join(tokens[i] for i in out[0].tolist()))");
        }
        Line("```");
        Line();
        Line(Inv($"The model was trained on windows of at most {c.Context} tokens (`n_positions`); longer inputs are out of range."));
        Line();
        Line("## Vocabulary");
        Line();
        Line("There is no Hugging Face tokenizer for this model: Stepwise feeds it text as ids directly.");
        Line();
        if (vocabulary.Kind == "bytes")
        {
            Line("**bytes**: 256 ids, one per byte value. Encode text as its UTF-8 bytes (`list(text.encode(\"utf-8\"))`), decode ids");
            Line("with `bytes(ids).decode(\"utf-8\", errors=\"replace\")`. A character outside ASCII is several ids.");
        }
        else
        {
            Line(Inv($"**chars**: {vocabulary.Size} ids, one per distinct character (Unicode scalar value) of the training text, numbered"));
            Line("in code point order. Text with any other character cannot be encoded. The same table is in `vocabulary.json`.");
            Line();
            Line("| id | code point | character |");
            Line("|---:|---|---|");
            for (int i = 0; i < vocabulary.Characters.Count; i++)
            {
                Rune r = vocabulary.Characters[i];
                Line(Inv($"| {i} | U+{r.Value:X4} | {Show(r)} |"));
            }
        }
        Line();
        Line("## Tensor names");
        Line();
        Line("Stepwise stores linear weights (out, in); GPT-2's Conv1D layers store them (in, out), so those are transposed.");
        Line("`c_attn` packs query, key and value in that order along its output, as Stepwise's `qkv` does.");
        Line();
        Line("| Stepwise | Hugging Face | |");
        Line("|---|---|---|");
        foreach (var n in names)
        {
            if (n.Stepwise.StartsWith("h", StringComparison.Ordinal) && !n.Stepwise.StartsWith("h0.", StringComparison.Ordinal)) continue;
            Line($"| `{n.Stepwise}` | `{n.HuggingFace}` | {(n.Transposed ? "transposed" : "")} |");
        }
        if (c.Layers == 2) Line("| `h1.*` | `transformer.h.1.*` | as for block 0 |");
        if (c.Layers > 2) Line(Inv($"| `h1.*` … `h{c.Layers - 1}.*` | `transformer.h.1.*` … `transformer.h.{c.Layers - 1}.*` | as for block 0 |"));
        if (c.TieWeights) Line("| (tied) | `lm_head.weight` | not stored: HF ties it to `transformer.wte.weight` |");
        return sb.ToString();
    }

    /// <summary>Up to three ASCII letters of the vocabulary, for the example; empty when it has none.</summary>
    private static string SamplePrompt(TextVocabulary vocabulary)
    {
        var sb = new StringBuilder();
        foreach (var r in vocabulary.Characters)
        {
            if (r.Value < 128 && Rune.IsLetter(r)) sb.Append(r.ToString());
            if (sb.Length == 3) break;
        }
        return sb.ToString();
    }

    private static string Show(Rune r) => r.Value switch
    {
        '\n' => "(newline)",
        '\r' => "(carriage return)",
        '\t' => "(tab)",
        ' ' => "(space)",
        '|' => "`\\|`",
        '`' => "`` ` ``",
        _ when Rune.IsControl(r) || Rune.IsWhiteSpace(r) => "(not printable)",
        _ => "`" + r + "`",
    };

    private static string Count(int n, string noun) => Inv($"{n} {noun}{(n == 1 ? "" : "s")}");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

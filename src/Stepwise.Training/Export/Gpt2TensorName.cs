namespace Stepwise.Training.Export;

/// <summary>One tensor of the GPT-2 export: its name in a Stepwise TinyGpt (<c>model.safetensors</c> of a checkpoint)
/// and in Hugging Face's <c>GPT2LMHeadModel</c> state dict.</summary>
/// <param name="Stepwise">The TinyGpt parameter name, e.g. <c>h0.attn.qkv.weight</c> (shape (3C, C)).</param>
/// <param name="HuggingFace">The HF name, e.g. <c>transformer.h.0.attn.c_attn.weight</c>.</param>
/// <param name="Transposed">True for the weights of HF's <c>Conv1D</c> layers, stored (in, out) where TinyGpt stores
/// (out, in).</param>
public sealed record Gpt2TensorName(string Stepwise, string HuggingFace, bool Transposed);

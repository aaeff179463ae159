namespace Stepwise.TimBench;

/// <summary>
/// The benchmarked runs: <c>example</c> is examples/seed000-influence.yaml (digits, 1,000 samples, batch 16, MLP 64 GELU,
/// AdamW; the pruning example's model and batch) measured on its second stage window [126, 251]; <c>logreg</c> and
/// <c>mlp</c> are logistic regression and MLP 784-512-512-10 (ReLU, SGD lr 0.01, as bench/peers/mlp.py) at batch 128
/// on 784-dimensional blobs, 32 updates per epoch, measured on the second epoch [32, 63]. Every run records influence
/// checkpoints (segment 8), so a segment never replays from further back than its start. <c>smoke</c> is a tiny
/// case that only checks the pipeline.
/// </summary>
internal static class TimCases
{
    public static readonly string[] Names = ["example", "logreg", "mlp", "smoke"];

    public static (string Yaml, StepWindow Window) Of(string name) => name switch
    {
        "example" => ("""
            seed: 0
            data: { source: digits, n: 1250, label_noise: 0.3, splits: { val: 0.2 } }
            model: { kind: mlp, hidden: [64], activation: gelu }
            optimizer: { kind: adamw, lr: 0.002, weight_decay: 0.01 }
            batch: { size: 16 }
            duration: { epochs: 10 }
            stages: 5
            influence: { record: true }
            checkpoints: { epoch_ends: true }
            """, new StepWindow(126, 251)),
        "logreg" or "mlp" => ($$"""
            seed: 0
            data: { source: blobs, n: 4608, features: 784, classes: 10, cluster_std: 8.0, splits: { val: 0.125 } }
            model: { kind: {{(name == "mlp" ? "mlp, hidden: [512, 512], activation: relu" : "logreg")}} }
            optimizer: { kind: sgd, lr: 0.01 }
            batch: { size: 128 }
            duration: { epochs: 3 }
            influence: { record: true, segment: 8 }
            """, new StepWindow(32, 63)),
        // a tiny case for checking that the pipeline runs (bench/run.sh with TIM_MODELS=smoke); not a benchmark
        "smoke" => ("""
            seed: 0
            data: { source: blobs, n: 640, features: 16, classes: 4, splits: { val: 0.2 } }
            model: { kind: mlp, hidden: [16], activation: relu }
            optimizer: { kind: sgd, lr: 0.05, momentum: 0.9 }
            batch: { size: 32 }
            duration: { epochs: 3 }
            influence: { record: true, segment: 4 }
            """, new StepWindow(16, 31)),
        _ => throw new ArgumentException($"unknown model '{name}'; allowed: {string.Join(", ", Names)}"),
    };
}

// One single-node cluster on a 2-core machine, its jobs timed against Slurm's clock: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

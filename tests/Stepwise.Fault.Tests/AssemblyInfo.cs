// The fault suite runs child processes that compete for the same cores and shares one reference run: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

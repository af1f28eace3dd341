"""Running the chain: the declared stages, where the work runs, the run record, the CLI."""

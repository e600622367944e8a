"""The offline model: a deterministic chat model over the plant's own vocabulary."""

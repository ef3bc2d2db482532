"""One module per evaluation task; each calls ``register_task`` when imported."""

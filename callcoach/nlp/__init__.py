"""Small, fast language helpers shared by detectors (sentences, linear text models, embeddings)."""

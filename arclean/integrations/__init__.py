"""Adapters that run arclean inside data-processing frameworks.

Each adapter lives in its own module and imports its framework only there, so ``import arclean``
never needs them:

- :mod:`arclean.integrations.datatrove`: ``ArcleanCleaner``, a datatrove pipeline step
  (``pip install 'arclean[datatrove]'``).
- :mod:`arclean.integrations.hf`: ``batch_cleaner``, a function for Hugging Face
  ``datasets.Dataset.map(batched=True, num_proc=N)`` (``pip install 'arclean[hf]'``).
"""

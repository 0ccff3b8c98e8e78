"""Synthetic datasets: `kb generate` writes deterministic families of any size, and the seed.

`generate` plays families out from plans (`stories`: the seven planted stories and the
generic life of a family) over an area's pool of agencies and professionals (`pool`),
with episode recipes (`episodes`), everyday work (`everyday`), perspectives and tensions
(`views`), and streams their rows (`rows`, `writer`) in the dataset format the loader
reads. `readme` writes the seed's own documents. Nothing here touches the database.
"""

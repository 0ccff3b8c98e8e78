"""The API's side of trust: who is asking, what they may see, and how much they may ask."""

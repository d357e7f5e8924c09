"""Synthetic, labelled data for demos and for measuring matching quality. Never real people."""

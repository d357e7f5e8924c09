"""Proof of reporting: the signed statement a reporter can download, its signing keys and the
``flask proof`` commands."""

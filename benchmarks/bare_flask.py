"""The framework's floor: a bare Flask POST endpoint, served by gunicorn like Candour.

``benchmarks.load`` measures it with the same client, workers and concurrency, and prints the
ratio of Candour's submission throughput to it. It parses the form and answers with a few bytes:
no database, no templates, no sessions.

    gunicorn --workers 2 benchmarks.bare_flask:app
"""

from __future__ import annotations

from flask import Flask, request

app = Flask(__name__)


@app.post("/echo")
def echo() -> str:
    return str(len(request.form.get("description", "")))

"""The yardstick of bench/throughput.py: one Flask route and nothing else, served by the same gunicorn."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "<!DOCTYPE html><html lang=de><title>Teilhabe</title><p>Hallo</p>"

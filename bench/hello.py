"""The physical limit for a Flask page here: a bare "hello world" under the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    return "<!doctype html><title>hello</title><p>Hello, world!</p>"

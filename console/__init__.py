"""The admin console: a Flask blueprint with server-rendered pages and a small JSON API."""

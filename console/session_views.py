"""Sign-in, first-time set-up and sign-out pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from carelayer.errors import InputError
from console.auth import Attempt, SignIn
from console.deps import ConsoleDeps


def _deps() -> ConsoleDeps:
    value: ConsoleDeps = current_app.extensions["carelayer.console"]
    return value


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never ``//host`` or a full URL): no open redirect after sign-in."""
    if not target:
        return url_for("console.overview")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("console.overview")
    return target


def _refused(attempt: Attempt) -> tuple[str, int]:
    if attempt.result is SignIn.LOCKED and attempt.locked_until is not None:
        until = attempt.locked_until.strftime("%H:%M UTC")
        return f"Too many failed attempts: signing in is locked until {until}.", 429
    if attempt.result is SignIn.NOT_SET_UP:
        return "No admin password is set up yet; see the README's Admin console section.", 403
    return "The user name or password is not right.", 401


def sign_in() -> ResponseReturnValue:
    deps = _deps()
    if deps.auth.needs_setup():
        return redirect(url_for("console.set_up"))
    next_url = _safe_next(request.values.get("next"))
    if request.method == "GET":
        configured = deps.auth.password_hash() is not None
        return render_template("sign_in.html", next=next_url, user=deps.auth.user, configured=configured)
    attempt = deps.auth.sign_in(request.form.get("user", ""), request.form.get("password", ""))
    if attempt.result is SignIn.OK:
        session.clear()  # a fresh session (and CSRF token) for the signed-in admin
        session["user"] = deps.auth.user
        session.permanent = True
        return redirect(next_url)
    message, status = _refused(attempt)
    return render_template("sign_in.html", next=next_url, user=request.form.get("user", ""), error=message,
                           configured=True), status  # fmt: skip


def set_up() -> ResponseReturnValue:
    deps = _deps()
    if not deps.auth.needs_setup():
        return redirect(url_for("console.sign_in"))
    if request.method == "GET":
        return render_template("set_up.html", user=deps.auth.user)
    form = request.form
    try:
        attempt = deps.auth.set_up(form.get("token", ""), form.get("password", ""), form.get("confirm", ""))
    except InputError as error:
        return render_template("set_up.html", user=deps.auth.user, error=str(error)), 400
    if attempt.result is SignIn.OK:
        session.clear()
        session["user"] = deps.auth.user
        session.permanent = True
        return redirect(url_for("console.overview"))
    message, status = _refused(attempt)
    if attempt.result is SignIn.WRONG:
        message = "The setup token is not right."
    return render_template("set_up.html", user=deps.auth.user, error=message), status


def sign_out() -> ResponseReturnValue:
    deps = _deps()
    user = session.get("user")
    session.clear()
    if user:
        deps.store.record_event("sign out", actor=str(user), at=deps.clock())
    return redirect(url_for("console.sign_in"))


ROUTES = (
    ("/sign-in", "sign_in", sign_in, ["GET", "POST"]),
    ("/set-up", "set_up", set_up, ["GET", "POST"]),
    ("/sign-out", "sign_out", sign_out, ["POST"]),
)

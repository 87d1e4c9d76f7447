"""Jira's Edit Issue rules, as the fake JSM applies them (``PUT /rest/api/3/issue/{key}``).

https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-put
- ``update`` holds operations (``add``/``remove``/``set``), ``fields`` holds values; a field in both -> 400;
- ``update.labels[].add`` adds a label, ``fields.labels`` REPLACES every label; a label with a space -> 400;
- priority by name; request type by id (string); organisations by id list; a single-group picker by name.
Nothing is changed when any part is invalid (Jira validates the whole edit first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.connectors.jsm.fake_jsm import FakeJsm

GROUP_FIELD = "customfield_10060"  # a single-group picker an admin added ("Assigned group")
REQUEST_TYPE_FIELD = "customfield_10010"
ORGANIZATION_FIELD = "customfield_10002"
PRIORITIES = ("Highest", "High", "Medium", "Low", "Lowest")


def apply_edit(fake: FakeJsm, issue: dict[str, Any], body: Any) -> dict[str, str] | None:
    """Apply ``body`` to ``issue``; the Jira ``errors`` object instead when it is invalid."""
    if not isinstance(body, dict) or not (body.get("fields") or body.get("update")):
        return {"body": "expected 'fields' or 'update'"}
    fields, update = body.get("fields") or {}, body.get("update") or {}
    both = set(fields) & set(update)
    if both:
        return {f: "Field cannot be in both 'fields' and 'update'." for f in both}
    labels = list(issue["labels"])
    if "labels" in fields:
        labels = list(fields["labels"])
    for op in update.get("labels", []):
        if "add" in op:
            labels.append(op["add"])
        elif "remove" in op:
            labels = [x for x in labels if x != op["remove"]]
        elif "set" in op:
            labels = list(op["set"])
    bad = [x for x in labels if not isinstance(x, str) or not x or any(c.isspace() for c in x)]
    if bad:
        return {"labels": f"The label '{bad[0]}' contains spaces which is invalid."}
    unknown = (set(fields) | set(update)) - {"labels", "priority", REQUEST_TYPE_FIELD, ORGANIZATION_FIELD, GROUP_FIELD}
    if unknown:
        return {f: f"Field '{f}' cannot be set. It is not on the appropriate screen, or unknown." for f in unknown}
    changes, problem = _field_changes(fake, fields)
    if problem is not None:
        return problem
    issue["labels"] = list(dict.fromkeys(labels))
    issue.update(changes)
    return None


def _field_changes(fake: FakeJsm, fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str] | None]:
    changes: dict[str, Any] = {}
    if "priority" in fields:
        name = fields["priority"].get("name") if isinstance(fields["priority"], dict) else None
        if name not in PRIORITIES:
            return {}, {"priority": "Specify the Priority (name) in the proper format"}
        changes["priority"] = name
    if REQUEST_TYPE_FIELD in fields:
        if fields[REQUEST_TYPE_FIELD] not in fake.request_types:
            return {}, {REQUEST_TYPE_FIELD: "Request type is not valid for this service desk."}
        changes["request_type"] = fields[REQUEST_TYPE_FIELD]
    if ORGANIZATION_FIELD in fields:
        orgs = fields[ORGANIZATION_FIELD]
        if not isinstance(orgs, list) or any(str(o) not in fake.organizations or not isinstance(o, int) for o in orgs):
            return {}, {ORGANIZATION_FIELD: "Organization id(s) not valid."}
        changes["organizations"] = [str(o) for o in orgs]
    if GROUP_FIELD in fields:
        value = fields[GROUP_FIELD]
        name = value.get("name") if isinstance(value, dict) else None
        if name not in fake.groups:
            return {}, {GROUP_FIELD: f"Group '{name}' does not exist."}
        changes["group"] = name
    return changes, None

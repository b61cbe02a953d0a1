"""Schemathesis hooks for Tandem: the rules the OpenAPI document cannot state.

JSON Schema cannot compare two values (nor a value with the clock or the calendar, nor with
stored data), so the document says these rules in descriptions, and
a request generated from it may break them. The server rejects such a request with the
documented status and a detail naming the rule. Only a "schema-valid request rejected"
failure that is exactly that (the rule broken in the request, that status, that detail) is
dropped; every other failure still fails the run.
"""

import json
import re

import schemathesis

# A profile id, as the `ProfileId` schema says.
_ID = re.compile(r"[A-Za-z0-9._\-]{1,64}")


def _detail(response):
    try:
        return json.loads(response.text).get("detail", "")
    except (ValueError, AttributeError):
        return ""


def _amount(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _breaks_ticket_order(case, response):
    """A profile whose ticket_min_usd is above its ticket_max_usd: 422."""
    body = case.body if isinstance(case.body, dict) else {}
    low, high = _amount(body.get("ticket_min_usd")), _amount(body.get("ticket_max_usd"))
    return (
        response.status_code == 422
        and low is not None
        and high is not None
        and round(low) > round(high)
        and "expected min ≤ max" in _detail(response)
    )


def _breaks_put_id(case, response):
    """PUT /v1/profiles/{id} whose body's id is not the path's: 400."""
    body = case.body if isinstance(case.body, dict) else {}
    return (
        case.method.upper() == "PUT"
        and response.status_code == 400
        and body.get("id") != (case.path_parameters or {}).get("id")
        and "differs from the path's" in _detail(response)
    )


def _breaks_future_expiry(case, response):
    """POST /v1/access-tokens whose `expires` is not in the future, or past the last time a
    timestamp holds (9999-12-30T22:00:00Z): 422."""
    body = case.body if isinstance(case.body, dict) else {}
    detail = _detail(response)
    return (
        case.method.upper() == "POST"
        and case.path == "/v1/access-tokens"
        and response.status_code == 422
        and isinstance(body.get("expires"), str)
        and "field `expires`" in detail
        and ("is not in the future" in detail or "beyond the latest time" in detail)
    )


# A date or an RFC 3339 timestamp, as the `Time` schema's pattern says.
_TIME = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2}))?$"
)


def _breaks_calendar(case, response):
    """A time of the right shape on a day or at a time that does not exist (2026-02-30,
    25:00): the digest's `since` answers 400, feedback's `at` 422."""
    detail = _detail(response)
    query = case.query or {}
    body = case.body if isinstance(case.body, dict) else {}
    since = query.get("since")
    at = body.get("at")
    return (
        response.status_code == 400
        and isinstance(since, str)
        and _TIME.fullmatch(since) is not None
        and "query parameter `since`" in detail
    ) or (
        response.status_code == 422
        and isinstance(at, str)
        and _TIME.fullmatch(at) is not None
        and "feedback field `at`" in detail
    )


def _breaks_feedback_pair(case, response):
    """Feedback about oneself, or a deal between two profiles of the same side (which
    depends on the stored kinds): 422."""
    detail = _detail(response)
    return (
        case.method.upper() == "POST"
        and case.path == "/v1/profiles/{id}/feedback"
        and response.status_code == 422
        and ("a deal is between" in detail or "cannot give feedback about itself" in detail)
    )


@schemathesis.hook
def map_case(context, case):
    """PUT: address the profile the body names, so that valid bodies test a real write.

    The path's `id` is any string in the document (an unknown id is a 404 elsewhere), so
    taking the body's valid id for it keeps a case as valid or invalid as it was.
    """
    body = case.body if isinstance(case.body, dict) else {}
    if case.method.upper() == "PUT" and isinstance(body.get("id"), str) and _ID.fullmatch(body["id"]):
        case.path_parameters = {**(case.path_parameters or {}), "id": body["id"]}
    return case


@schemathesis.hook
def filter_failure(context, failure, case, response):
    if type(failure).__name__ != "RejectedPositiveData":
        return True
    return not (
        _breaks_ticket_order(case, response)
        or _breaks_put_id(case, response)
        or _breaks_future_expiry(case, response)
        or _breaks_calendar(case, response)
        or _breaks_feedback_pair(case, response)
    )

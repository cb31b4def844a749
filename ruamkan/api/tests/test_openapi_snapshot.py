"""The published API contract: a change to the OpenAPI document must be deliberate.

Regenerate after an intended change with:
    RUAMKAN_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest ruamkan/api/tests/test_openapi_snapshot.py
"""

import json
import os
from pathlib import Path

SNAPSHOT = Path(__file__).parent / "snapshots" / "openapi.json"


def test_openapi_matches_snapshot(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    current = response.json()
    if os.environ.get("RUAMKAN_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(json.dumps(current, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    assert SNAPSHOT.exists(), "no snapshot: run with RUAMKAN_UPDATE_SNAPSHOTS=1 and commit it"
    expected = json.loads(SNAPSHOT.read_text())
    assert current == expected, "the API changed: review it, then regenerate the snapshot"


def test_every_write_endpoint_requires_authentication_or_is_documented_public(client):
    spec = client.get("/api/v1/openapi.json").json()
    # Writes that anonymous clients may make on purpose (each has its own protection).
    public_writes = {"/api/v1/areas/lookup"}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "put", "patch", "delete") and path not in public_writes:
                assert operation.get("security"), f"{method.upper()} {path} has no auth"

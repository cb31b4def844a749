"""A tiny OpenID Connect provider for tests only: a stand-in for ThaiD (DOPA) on localhost.

It speaks just enough of the authorization-code flow for allauth's generic OIDC provider:
discovery, authorize (redirects straight back with a code: the "person" has already approved),
token (an RS256-signed id_token), userinfo and a JWKS. It checks the client id and secret, the
redirect URI, single use of codes and PKCE (S256) when the client sends a challenge.

    with OidcDouble(client_id="ruamkan", client_secret="s3cret") as idp:
        idp.next_claims = {"sub": "abc", "pid": "1103700012346", "name": "..."}
        ...  # point server_url at idp.url
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


class OidcDouble:
    def __init__(self, *, client_id: str, client_secret: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(4)
        self.next_claims: dict[str, Any] = {"sub": "person-1"}
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.requests: list[str] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # Lifecycle -----------------------------------------------------------------------------

    def __enter__(self) -> OidcDouble:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        double = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                double._handle(self, "GET")

            def do_POST(self) -> None:
                double._handle(self, "POST")

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet test output

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # Signing -----------------------------------------------------------------------------

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        return {"keys": [jwk]}

    def id_token(self, claims: dict[str, Any], *, nonce: str | None = None,
                 key: Any = None) -> str:
        now = int(time.time())
        payload = {"iss": self.url, "aud": self.client_id, "iat": now, "exp": now + 300,
                   **claims}
        if nonce:
            payload["nonce"] = nonce
        return jwt.encode(payload, key or self.key, algorithm="RS256",
                          headers={"kid": self.kid})

    # HTTP ----------------------------------------------------------------------------------

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        parsed = urlparse(h.path)
        self.requests.append(f"{method} {parsed.path}")
        query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        if method == "POST":
            length = int(h.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(h.rfile.read(length).decode()).items()}
        else:
            form = {}
        route = {
            ("GET", "/.well-known/openid-configuration"): self._discovery,
            ("GET", "/authorize"): self._authorize,
            ("POST", "/token"): self._token,
            ("GET", "/userinfo"): self._userinfo,
            ("GET", "/jwks"): lambda h, q, f: self._json(h, 200, self.jwks()),
        }.get((method, parsed.path))
        if route is None:
            self._json(h, 404, {"error": "not_found"})
            return
        route(h, query, form)

    def _json(self, h: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def _discovery(self, h, query, form) -> None:
        base = self.url
        self._json(h, 200, {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "pid", "ial", "name"],
        })

    def _authorize(self, h, query, form) -> None:
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            self._json(h, 400, {"error": "invalid_request"})
            return
        redirect_uri = query["redirect_uri"]
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "claims": dict(self.next_claims),
            "redirect_uri": redirect_uri,
            "nonce": query.get("nonce"),
            "code_challenge": query.get("code_challenge"),
            "scope": query.get("scope", ""),
        }
        params = {"code": code}
        if "state" in query:
            params["state"] = query["state"]
        h.send_response(302)
        h.send_header("Location", f"{redirect_uri}?{urlencode(params)}")
        h.end_headers()

    def _client_ok(self, h: BaseHTTPRequestHandler, form: dict[str, str]) -> bool:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        auth = h.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        return client_id == self.client_id and secret == self.client_secret

    def _token(self, h, query, form) -> None:
        if not self._client_ok(h, form):
            self._json(h, 401, {"error": "invalid_client"})
            return
        grant = self.codes.pop(form.get("code", ""), None)  # single use
        if grant is None or form.get("grant_type") != "authorization_code":
            self._json(h, 400, {"error": "invalid_grant"})
            return
        if form.get("redirect_uri") != grant["redirect_uri"]:
            self._json(h, 400, {"error": "invalid_grant", "error_description": "redirect_uri"})
            return
        if grant["code_challenge"]:
            verifier = form.get("code_verifier", "")
            digest = hashlib.sha256(verifier.encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["code_challenge"]:
                self._json(h, 400, {"error": "invalid_grant", "error_description": "pkce"})
                return
        access = secrets.token_urlsafe(24)
        self.tokens[access] = grant["claims"]
        self._json(h, 200, {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(grant["claims"], nonce=grant["nonce"]),
        })

    def _userinfo(self, h, query, form) -> None:
        auth = h.headers.get("Authorization", "")
        claims = self.tokens.get(auth.removeprefix("Bearer ").strip())
        if claims is None:
            self._json(h, 401, {"error": "invalid_token"})
            return
        self._json(h, 200, claims)

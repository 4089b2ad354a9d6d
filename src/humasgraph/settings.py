"""Settings, declared once as data and built once at the edge (flags > environment > defaults).

Nothing below the CLI and the app factory reads ``os.environ``: they receive a ``Settings``.
``docs/settings.md`` is generated from ``SETTINGS`` and a test checks it has not drifted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigError
from .ingest.inputs import DEFAULT_MAX_FILE_BYTES

__all__ = ["SETTINGS", "Setting", "Settings", "render_settings_doc"]

ENV_PREFIX = "HUMASGRAPH_"


def _int(value: str) -> int:
    return int(value)


def _float(value: str) -> float:
    return float(value)


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected one of 1, true, yes, on, 0, false, no, off")


def _list(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def _str(value: str) -> str:
    return value


@dataclass(frozen=True)
class Setting:
    """One setting: its name, how a string becomes its value, its default and what it does."""

    name: str
    parse: Callable[[str], Any]
    default: Any
    help: str
    secret: bool = False

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("store", _str, "./humasgraph-data",
            "Where the graph lives: a folder for the embedded on-disk store, ':memory:' for a "
            "throw-away store, or an http(s) URL of a SPARQL 1.1 endpoint."),
    Setting("update_url", _str, "",
            "SPARQL 1.1 Update URL of a remote store, when it differs from the query URL."),
    Setting("graph_store_url", _str, "",
            "SPARQL 1.1 Graph Store Protocol URL of a remote store, used to stream whole graphs "
            "(exports); empty means they are streamed with CONSTRUCT queries."),
    Setting("store_user", _str, "",
            "User name for a remote store (HTTP Basic or Digest auth, as the server asks)."),
    Setting("store_password", _str, "", "Password for a remote store.", secret=True),
    Setting("store_timeout", _float, 60.0, "Seconds one request to a remote store may take."),
    Setting("store_retries", _int, 5,
            "Attempts at a request to a remote store, with exponential backoff between them, "
            "before the store counts as unavailable."),
    Setting("index_file", _str, "",
            "SQLite file holding a remote store's search index, list orders and network projection, "
            "shared by every worker (one keeps it current from the store's change feed); empty keeps "
            "them in each worker's memory. An on-disk embedded store always has its own beside it."),
    Setting("base_iri", _str, "https://humasgraph.id/id/",
            "Base under which entity IRIs are minted; must end with '/'."),
    Setting("token", _str, "",
            "Bearer token that allows writes through GraphQL; empty means the API is read-only.",
            secret=True),
    Setting("host", _str, "127.0.0.1", "Address the server binds to."),
    Setting("port", _int, 8000, "Port the server listens on."),
    Setting("workers", _int, 1, "Number of server worker processes."),
    Setting("cors_origins", _list, (),
            "Comma-separated origins allowed by CORS ('*' for any)."),
    Setting("debug", _bool, False, "Show tracebacks in API errors."),
    Setting("query_timeout", _float, 10.0, "Seconds a GraphQL or SPARQL request may take."),
    Setting("sparql_row_limit", _int, 10000, "Most rows /sparql returns for one query."),
    Setting("sparql_max_bytes", _int, 16_000_000,
            "Most bytes of one /sparql answer; a larger one is refused with a 400 before it is sent."),
    Setting("sparql_max_query", _int, 20_000,
            "Most characters of one /sparql query; a longer one is refused with a 413 before it is parsed."),
    Setting("sparql_workers", _int, 2,
            "Reader processes that answer /sparql (the most queries running at once); a query past "
            "query_timeout has its process killed."),
    Setting("sparql_per_client", _int, 2,
            "Most /sparql queries one client address may have running at once; more get a 429."),
    Setting("sparql_memory_mb", _int, 1024,
            "Megabytes of memory one /sparql query may write, on top of what its reader process holds "
            "with the store open; a query that needs more fails with a 503."),
    Setting("sparql_refresh", _float, 1.0,
            "Seconds between the store snapshots /sparql reads: new articles show up there within about this."),
    Setting("analytics_workers", _int, 1,
            "Worker processes that compute betweenness and PageRank for GraphQL's centrality (the most "
            "computed at once); one past query_timeout has its process killed."),
    Setting("analytics_memory_mb", _int, 1024,
            "Megabytes of memory one centrality computation may write, on top of what its worker process "
            "holds when started; one that needs more fails naming this setting."),
    Setting("max_depth", _int, 12, "Deepest GraphQL query accepted."),
    Setting("max_aliases", _int, 30, "Most aliases in one GraphQL query."),
    Setting("max_tokens", _int, 4000, "Most tokens in one GraphQL query."),
    Setting("max_cost", _int, 20000,
            "Most objects one GraphQL request may ask for, estimated before it runs: page sizes "
            "(`first`, else 20) and unpaged lists (5 each, a few known longer) multiplied through "
            "the nesting; over it the request is refused with QUERY_TOO_COSTLY before any store work."),
    Setting("graphql_compiled", _bool, True,
            "Answer a GraphQL query whose every field the compiled path knows by reading each level of "
            "its selection in one batch and writing the answer directly (docs/performance.md); off, "
            "every query runs through the per-field resolvers. The answers are the same."),
    Setting("max_body_bytes", _int, 4 * 1024 * 1024,
            "Largest request body accepted on any route; a larger one answers 413."),
    Setting("body_timeout", _float, 30.0,
            "Seconds a client may take to send a request body; a slower one answers 408."),
    Setting("header_timeout", _float, 10.0,
            "Seconds a connection may take to send a request's headers (also after a response, "
            "for the next request) before it is closed."),
    Setting("keep_alive_timeout", _int, 5,
            "Seconds an idle keep-alive connection stays open between requests."),
    Setting("max_connections", _int, 1000,
            "Most connections (and requests in progress) a server process takes at once; beyond it "
            "a request answers 503."),
    Setting("max_exports", _int, 2,
            "Most /export downloads served at once per process; one more answers 503 with Retry-After."),
    Setting("public_exports", _bool, False,
            "Serve /export (every source document) to anyone; when off, /export needs the bearer "
            "token, and is closed when no token is set."),
    Setting("max_file_bytes", _int, DEFAULT_MAX_FILE_BYTES,
            "Largest file `import` and `extract` read, in bytes; a larger one is refused unread "
            "(YAML parses at about 1 MB/s)."),
)



@dataclass(frozen=True)
class Settings:
    """The settings in force, built by ``Settings.load`` at the edge."""

    store: str = "./humasgraph-data"
    update_url: str = ""
    graph_store_url: str = ""
    store_user: str = ""
    store_password: str = field(default="", repr=False)
    store_timeout: float = 60.0
    store_retries: int = 5
    index_file: str = ""
    base_iri: str = "https://humasgraph.id/id/"
    token: str = field(default="", repr=False)
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    cors_origins: tuple[str, ...] = ()
    debug: bool = False
    query_timeout: float = 10.0
    sparql_row_limit: int = 10000
    sparql_max_bytes: int = 16_000_000
    sparql_max_query: int = 20_000
    sparql_workers: int = 2
    sparql_per_client: int = 2
    sparql_memory_mb: int = 1024
    sparql_refresh: float = 1.0
    analytics_workers: int = 1
    analytics_memory_mb: int = 1024
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4000
    max_cost: int = 20000
    graphql_compiled: bool = True
    max_body_bytes: int = 4 * 1024 * 1024
    body_timeout: float = 30.0
    header_timeout: float = 10.0
    keep_alive_timeout: int = 5
    max_connections: int = 1000
    max_exports: int = 2
    public_exports: bool = False
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES

    @classmethod
    def load(cls, environ: Mapping[str, str], **flags: Any) -> Settings:
        """Build settings from flags (``None`` means not given), then environment, then defaults."""
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            flag = flags.pop(setting.name, None)
            if flag is not None:
                values[setting.name] = flag
            elif setting.env in environ:
                raw = environ[setting.env]
                try:
                    values[setting.name] = setting.parse(raw)
                except ValueError as exc:
                    shown = "***" if setting.secret else repr(raw)
                    raise ConfigError(f"{setting.env}={shown}: {exc}") from None
        if flags:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(flags))}; "
                              f"valid: {', '.join(s.name for s in SETTINGS)}")
        settings = cls(**values)
        settings.check()
        return settings

    def check(self) -> None:
        """Raise ``ConfigError`` naming the key and the value of the first unusable setting."""
        if not self.base_iri.endswith("/") or "://" not in self.base_iri:
            raise ConfigError(f"base_iri={self.base_iri!r}: expected an absolute IRI ending with '/'")
        for name in ("port", "workers", "sparql_row_limit", "max_depth", "max_aliases", "max_tokens",
                     "store_retries", "sparql_max_bytes", "sparql_max_query", "sparql_workers",
                     "sparql_per_client", "sparql_memory_mb", "analytics_workers", "analytics_memory_mb",
                     "max_cost", "max_body_bytes",
                     "keep_alive_timeout", "max_connections", "max_exports", "max_file_bytes"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name}={getattr(self, name)!r}: expected a positive number")
        if self.index_file and not self.is_remote:
            raise ConfigError(f"index_file={self.index_file!r}: only a remote store takes one (an on-disk store "
                              "keeps its own beside its folder)")
        for name in ("query_timeout", "store_timeout", "sparql_refresh", "body_timeout", "header_timeout"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name}={getattr(self, name)!r}: expected a positive number")

    def replace(self, **changes: Any) -> Settings:
        """A copy with some settings changed (checked again)."""
        new = dataclasses.replace(self, **changes)
        new.check()
        return new

    @property
    def is_remote(self) -> bool:
        return self.store.startswith(("http://", "https://"))


def render_settings_doc() -> str:
    """The Markdown table of every setting, as committed in ``docs/settings.md``."""
    lines = [
        "# Settings",
        "",
        "Each setting is taken from a command-line flag, else from the environment variable, "
        "else from its default. This page is generated from `humasgraph.settings.SETTINGS`.",
        "",
        "| setting | environment | default | what it does |",
        "|---|---|---|---|",
    ]
    for s in SETTINGS:
        default = ",".join(s.default) if isinstance(s.default, tuple) else s.default
        shown = f"`{default}`" if default not in ("", ()) else "(empty)"
        lines.append(f"| `{s.name}` | `{s.env}` | {shown} | {s.help} |")
    return "\n".join(lines) + "\n"

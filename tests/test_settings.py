"""Settings: flags over environment over defaults; errors name the key and the value."""

from __future__ import annotations

import pytest

from humasgraph.artefacts import check
from humasgraph.errors import ConfigError
from humasgraph.settings import SETTINGS, Settings


def test_flags_over_environment_over_defaults() -> None:
    env = {"HUMASGRAPH_STORE": "/env/store", "HUMASGRAPH_PORT": "9000"}
    s = Settings.load(env, store="/flag/store")
    assert (s.store, s.port, s.host) == ("/flag/store", 9000, "127.0.0.1")


@pytest.mark.parametrize(("env", "message"), [
    ({"HUMASGRAPH_PORT": "delapan"}, "HUMASGRAPH_PORT='delapan'"),
    ({"HUMASGRAPH_PORT": "0"}, "port=0"),
    ({"HUMASGRAPH_BASE_IRI": "https://x.id/no-slash"}, "base_iri='https://x.id/no-slash'"),
    ({"HUMASGRAPH_DEBUG": "maybe"}, "HUMASGRAPH_DEBUG='maybe'"),
])
def test_bad_settings_name_key_and_value(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        Settings.load(env)


def test_secrets_stay_out_of_reprs_and_messages() -> None:
    s = Settings.load({"HUMASGRAPH_TOKEN": "s3cret", "HUMASGRAPH_STORE_PASSWORD": "pw"})
    assert "s3cret" not in repr(s) and "pw'" not in repr(s)
    assert s.token == "s3cret"


def test_every_setting_is_a_field_and_documented() -> None:
    fields = set(Settings.__dataclass_fields__)
    assert {s.name for s in SETTINGS} == fields
    assert Settings() == Settings.load({})


def test_generated_artefacts_have_not_drifted() -> None:
    assert check() == [], "run `python -m humasgraph.artefacts` and commit the result"

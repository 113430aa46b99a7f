from pathlib import Path

import pytest

from workshop.config import Settings, SettingsError


def test_defaults_use_sqlite_in_data_dir(tmp_path: Path) -> None:
    settings = Settings.from_env({"WORKSHOP_DATA_DIR": str(tmp_path)})
    assert settings.min_group == 3
    assert settings.retention_days == 30
    assert settings.max_phones == 60  # docs/privacy.md quotes it
    assert settings.sqlalchemy_url == f"sqlite:///{tmp_path.resolve() / 'workshop.sqlite3'}"


def test_database_url_wins_over_data_dir() -> None:
    url = "postgresql+psycopg://127.0.0.1/test"
    assert Settings.from_env({"WORKSHOP_DATABASE_URL": url}).sqlalchemy_url == url


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("WORKSHOP_MIN_GROUP", "three", "whole number"),
        ("WORKSHOP_MIN_GROUP", "1", "between 2 and 100"),
        ("WORKSHOP_POLL_SECONDS", "fast", "number of seconds"),
        ("WORKSHOP_PUBLIC_URL", "192.168.1.2:8501", "http://"),
    ],
)
def test_bad_values_name_the_variable(name: str, value: str, fragment: str) -> None:
    with pytest.raises(SettingsError) as info:
        Settings.from_env({name: value})
    assert name in str(info.value)
    assert fragment in str(info.value)


def test_passcode_is_not_in_repr() -> None:
    settings = Settings.from_env({"WORKSHOP_FACILITATOR_PASSCODE": "s3cret-words"})
    assert "s3cret-words" not in repr(settings)

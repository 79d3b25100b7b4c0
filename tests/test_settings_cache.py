"""The settings cache in a long-lived process (the language server asks again and again in one
process): an answer is kept only while every settings file it was read from, or found absent,
keeps its stat stamp (lstmspec/settings/files.py). Each test lints twice in this process with
no cache cleared between, changing a settings file in between, and sees the change; and an
unchanged answer is served from the cache."""

from __future__ import annotations

import os

import pytest

from lstmspec.checking.linting import lint_buffer, lint_paths
from lstmspec.settings import clear_cache, files, one_pass, settings_for
from test_settings import TWO_WARNINGS as CONFIG  # LS290 at 5:35 and LS202 at 6:5


@pytest.fixture(autouse=True)
def cold_cache():
    clear_cache()
    yield
    clear_cache()


def codes(path) -> list[str]:
    results, problems = lint_paths([str(path)])
    assert problems == []
    return [d.code for d in results[0].diagnostics]


def aged(path, seconds: int = 10) -> None:
    """Set a file's times `seconds` in the past: an edit made long before the question, so the
    cache may keep the answer read from it (files.RACY_NS)."""
    when = os.stat(path).st_mtime_ns - seconds * 10**9
    os.utime(path, ns=(when, when))


@pytest.fixture
def project(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "m.yaml").write_text(CONFIG)
    settings = tmp_path / "pyproject.toml"
    settings.write_text('[project]\nname = "x"\n\n[tool.lstmspec]\nignore = ["LS290"]\n')
    aged(settings)
    return tmp_path


def test_an_edited_table_is_read_again(project):
    assert codes(project / "sub" / "m.yaml") == ["LS202"]
    settings = project / "pyproject.toml"
    # the same size, in place (the same inode), and times older than the first read's: only
    # the modification time's nanoseconds tell the edit apart
    settings.write_text(settings.read_text().replace("LS290", "LS202"))
    aged(settings, 5)
    assert codes(project / "sub" / "m.yaml") == ["LS290"]


def test_an_edit_within_the_clock_tick_is_read_again(project):
    settings = project / "pyproject.toml"
    before = os.stat(settings).st_mtime_ns
    settings.write_text(settings.read_text().replace("LS290", "LS202"))
    os.utime(settings, ns=(before + 10**9 * 9, before + 10**9 * 9))  # 1 s ago: racy
    assert codes(project / "sub" / "m.yaml") == ["LS290"]
    settings.write_text(settings.read_text().replace("LS202", "LS290"))
    os.utime(settings, ns=(before + 10**9 * 9, before + 10**9 * 9))  # same size, same times
    assert codes(project / "sub" / "m.yaml") == ["LS202"]


def test_a_nearer_settings_file_that_appears_wins(project):
    assert codes(project / "sub" / "m.yaml") == ["LS202"]
    (project / "sub" / "lstmspec.toml").write_text('ignore = ["LS202"]\n')
    assert codes(project / "sub" / "m.yaml") == ["LS290"]
    (project / "sub" / "lstmspec.toml").unlink()
    assert codes(project / "sub" / "m.yaml") == ["LS202"]


def test_a_removed_table_falls_back_to_the_defaults(project):
    assert codes(project / "sub" / "m.yaml") == ["LS202"]
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert codes(project / "sub" / "m.yaml") == ["LS290", "LS202"]


def test_an_edited_extended_file_is_read_again(project):
    base = project / "base.toml"
    base.write_text('ignore = ["LS202"]\n')
    (project / "pyproject.toml").write_text('[tool.lstmspec]\nextend = "base.toml"\n')
    aged(base)
    aged(project / "pyproject.toml")
    assert codes(project / "sub" / "m.yaml") == ["LS290"]
    base.write_text('ignore = ["LS290"]\n')
    assert codes(project / "sub" / "m.yaml") == ["LS202"]


def test_the_language_servers_path_sees_the_edit_too(project):
    path = str(project / "sub" / "m.yaml")
    assert [d.code for d in lint_buffer(path, CONFIG).diagnostics] == ["LS202"]
    (project / "pyproject.toml").write_text('[tool.lstmspec]\nignore = ["LS202", "LS290"]\n')
    assert lint_buffer(path, CONFIG).diagnostics == []


def test_an_unchanged_answer_comes_from_the_cache(project):
    first = settings_for(str(project / "sub" / "m.yaml"))
    assert settings_for(str(project / "sub" / "m.yaml")) is first
    entry = files._CACHE[str(project)]
    assert entry.stamps is not None and entry.settings is first  # kept: not racy


def test_one_pass_checks_each_answer_once(project):
    """One lint run is one pass (checking/linting.py): its files' answers are checked once, so
    300 files in a folder do not stat its settings files 300 times; the next pass sees an
    edit made during this one."""
    path, settings = str(project / "sub" / "m.yaml"), project / "pyproject.toml"
    with one_pass():
        first = settings_for(path)
        settings.write_text('[tool.lstmspec]\nignore = ["LS202"]\n')
        assert settings_for(path) is first
    assert settings_for(path) is not first
    assert codes(project / "sub" / "m.yaml") == ["LS290"]

"""The README documents every command and every setting (the docs cannot drift)."""

from __future__ import annotations

from pathlib import Path

import click

from cablegraph import settings
from cablegraph.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix}{name} ")
        else:
            names.append(f"{prefix}{name}")
    return names


def test_every_command_is_in_the_readme() -> None:
    missing = [name for name in _commands(main) if f"cablegraph {name}" not in README]
    assert not missing, f"undocumented commands: {missing}"


def test_every_command_has_an_example() -> None:
    for name in _commands(main):
        command = main
        for part in name.split():
            command = command.commands[part]  # type: ignore[attr-defined]
        assert "Example:" in (command.help or ""), name


def test_every_setting_is_in_the_readme() -> None:
    missing = [s.env for s in settings.SETTINGS if s.env not in README]
    assert not missing, f"undocumented settings: {missing}"

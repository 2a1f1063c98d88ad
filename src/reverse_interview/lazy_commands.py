"""A Typer app whose commands are turned into click commands only when they are used.

Typer makes every command's click object (reading each function's signature and options) each
time `ri` starts: about a millisecond a command, paid by `ri run` before its first prompt for
fourteen commands it does not run. Here the group holds each command as Typer registered it
and makes it on first use, with Typer's own code, so each command, its help, its errors and its
exit codes are exactly what Typer makes. `ri --help` and shell completion, which show every
command, make them all, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import typer
import typer.core
import typer.main


class LazyTyper(typer.Typer):
    """`typer.Typer`, with `command` and `add_typer` kept aside until a command is used."""

    def __init__(self, **settings: Any) -> None:
        # The commands are registered here; the app itself stays without any, so Typer makes
        # only the group (its options and callback) and the group makes the rest when asked.
        self.registry = typer.Typer(**settings)
        registry = self.registry

        class Group(LazyGroup):
            def commands_of(self) -> LazyCommands:
                return LazyCommands(registry)

        super().__init__(cls=Group, **settings)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
        return self.registry.command(*args, **kwargs)

    def add_typer(self, typer_instance: typer.Typer, **kwargs: Any) -> None:
        if not kwargs.get("name"):
            raise TypeError("a lazily made group needs its name given to add_typer")
        self.registry.add_typer(typer_instance, **kwargs)


class LazyGroup(typer.core.TyperGroup):
    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = self.commands_of()

    def commands_of(self) -> LazyCommands:
        raise NotImplementedError


class LazyCommands(MutableMapping[str, Any]):
    """Name -> click command, in Typer's order (commands, then groups), each made once."""

    def __init__(self, registry: typer.Typer) -> None:
        self._makers: dict[str, Callable[[], Any]] = {}
        self._made: dict[str, Any] = {}
        for info in registry.registered_commands:
            assert info.callback is not None
            name = info.name or typer.main.get_command_name(info.callback.__name__)
            self._makers[name] = _command_maker(registry, info)
        for group in registry.registered_groups:
            self._makers[str(group.name)] = _group_maker(registry, group)

    def __getitem__(self, name: str) -> Any:
        if name not in self._made:
            self._made[name] = self._makers[name]()
        return self._made[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._makers[name] = lambda: command
        self._made[name] = command

    def __delitem__(self, name: str) -> None:
        del self._makers[name]
        self._made.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)

    def __contains__(self, name: object) -> bool:
        return name in self._makers


def _command_maker(registry: typer.Typer, info: Any) -> Callable[[], Any]:
    def make() -> Any:
        return typer.main.get_command_from_info(
            info,
            pretty_exceptions_short=registry.pretty_exceptions_short,
            rich_markup_mode=registry.rich_markup_mode,
        )

    return make


def _group_maker(registry: typer.Typer, group: Any) -> Callable[[], Any]:
    def make() -> Any:
        # Typer makes a group only inside its parent: a parent holding just this one.
        parent = typer.Typer(
            rich_markup_mode=registry.rich_markup_mode,
            pretty_exceptions_short=registry.pretty_exceptions_short,
            add_completion=False,
        )
        parent.registered_groups = [group]
        return typer.main.get_command(parent).commands[group.name]  # type: ignore[attr-defined]

    return make

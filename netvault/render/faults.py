"""A template that fails while rendering, told as what and where.  [pure]

A vault may bring its own templates (`templates/` overrides by file name), and a template
can fail in ways Jinja only finds while rendering: an undefined name, a missing include,
`{{ 1 / 0 }}`. The build reports each as one line, `templates/person.html:3: reason`,
never a traceback. Jinja rewrites a failing template's frames so that they name the
template file and line (their globals hold `__jinja_exception__`); the innermost such frame
is where the template failed, and the innermost in the vault's own `templates/` is the line
the user wrote (a vault template that calls netvault's macro wrongly is told at the call).
A `TemplateFault` carries only strings and a number, so it comes back whole from a forked
worker.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from types import TracebackType

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError


class TemplateFault(TemplateError):
    """A template failed while rendering: the reason, and the file and line when known."""

    def __init__(self, reason: str, filename: str | None = None, lineno: int | None = None):
        super().__init__(reason)
        self.args = (reason, filename, lineno)  # what pickling passes back to __init__
        self.filename = filename
        self.lineno = lineno


@contextlib.contextmanager
def told_as_fault(name: str, own: str | None) -> Iterator[None]:
    """Any failure of template `name` in the block (loading or rendering) comes out as a
    `TemplateFault`; a syntax error already knows its file and line and goes as it is."""
    try:
        yield
    except TemplateSyntaxError:
        raise
    except Exception as exc:
        raise template_fault(exc, name, own) from None


def template_fault(
    exc: BaseException, name: str | None = None, own: str | None = None
) -> TemplateFault:
    """The fault `exc`, raised while template `name` loaded or rendered, as a
    `TemplateFault`; without a template line to name, the reason names the template. A
    line in the folder `own` (the vault's templates) is preferred to one elsewhere."""
    if isinstance(exc, TemplateNotFound):
        reason = f"no template named {exc.name!r}"
    elif isinstance(exc, TemplateError) and exc.message:
        reason = exc.message
    else:
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    filename, lineno = _template_frame(exc.__traceback__, own)
    if filename is None and name is not None:
        reason = f"{name}: {reason}"
    return TemplateFault(reason, filename, lineno)


def _template_frame(tb: TracebackType | None, own: str | None) -> tuple[str | None, int | None]:
    found: tuple[str | None, int | None] = (None, None)
    mine: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
            if own is not None and found[0] is not None and found[0].startswith(own):
                mine = found
        tb = tb.tb_next
    return mine if mine[0] is not None else found

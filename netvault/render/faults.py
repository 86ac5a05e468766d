"""A template that fails while rendering, told as what and where.  [pure]

A vault may bring its own templates (`templates/` overrides by file name), and a template
can fail in ways Jinja only finds while rendering: an undefined name, a missing include,
`{{ 1 / 0 }}`. The build reports each as one line, `templates/person.html:3: reason`,
never a traceback. Jinja rewrites a failing template's frames so that they name the
template file and line (their globals hold `__jinja_exception__`); the innermost such frame
is where the template failed. A `TemplateFault` carries only strings and a number, so it
comes back whole from a forked worker.
"""

from __future__ import annotations

from types import TracebackType

from jinja2 import TemplateError, TemplateNotFound


class TemplateFault(TemplateError):
    """A template failed while rendering: the reason, and the file and line when known."""

    def __init__(self, reason: str, filename: str | None = None, lineno: int | None = None):
        super().__init__(reason)
        self.args = (reason, filename, lineno)  # what pickling passes back to __init__
        self.filename = filename
        self.lineno = lineno


def template_fault(exc: BaseException) -> TemplateFault:
    """The fault `exc`, raised while a template rendered, as a `TemplateFault`."""
    if isinstance(exc, TemplateNotFound):
        reason = f"no template named {exc.name!r}"
    elif isinstance(exc, TemplateError) and exc.message:
        reason = exc.message
    else:
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    filename, lineno = _template_frame(exc.__traceback__)
    return TemplateFault(reason, filename, lineno)


def _template_frame(tb: TracebackType | None) -> tuple[str | None, int | None]:
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found

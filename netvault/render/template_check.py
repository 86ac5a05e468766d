"""What `check` can tell of a vault's own templates without rendering a page.

`build` compiles a page's template, and everything it extends, includes or imports, as it
renders; a syntax error there (or a file that is not text) stops the build and the site is
not written. So `check` compiles the same: each page template, and each template a page
template reaches, followed through (a name given by an expression is not followed), is an
error where it fails; any other `.html` of the vault's `templates/` is a warning (nothing
uses it yet). Only the vault's own files are reported: netvault's are tested. A fault that
shows only while rendering (an undefined name) is left to `build`, which would have to
render every page to find it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from jinja2 import Environment, TemplateError, TemplateSyntaxError, meta

from netvault.problems import Problem, error, warning
from netvault.render.faults import TemplateFault, told_as_fault
from netvault.render.site import PAGE_TEMPLATES, make_environment, template_dirs_for


def reached(env: Environment) -> set[str]:
    """The page templates and every template they reach."""
    assert env.loader is not None
    seen: set[str] = set()
    queue = list(PAGE_TEMPLATES)
    while queue:
        name = queue.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source = env.loader.get_source(env, name)[0]
            queue.extend(ref for ref in meta.find_referenced_templates(env.parse(source)) if ref)
        except (TemplateError, UnicodeDecodeError, OSError):
            continue  # missing, not text or not Jinja: compiling it below says which
    return seen


def template_problems(vault_root: Path) -> list[Problem]:
    own = vault_root / "templates"
    if not own.is_dir():
        return []
    env = make_environment(template_dirs_for(vault_root))
    used = reached(env)
    names = set(used)
    for path in own.rglob("*.html"):
        rel = path.relative_to(own)
        if rel.parts[0] != "assets":
            names.add(rel.as_posix())
    problems: list[Problem] = []
    for name in sorted(names):
        if not (own / name).is_file():  # netvault's own template serves this name
            continue
        try:
            with told_as_fault(name, str(own)):
                env.get_template(name)
        except (TemplateSyntaxError, TemplateFault) as exc:
            where = f"templates/{name}"
            if exc.filename:
                with contextlib.suppress(ValueError, OSError):
                    where = (
                        Path(exc.filename).resolve().relative_to(vault_root.resolve()).as_posix()
                    )
            line = exc.lineno or 1
            if name in used:
                problems.append(error(where, line, f"template: {exc.message}"))
            else:
                said = (
                    f"template (no page uses it; one that did would stop the build): {exc.message}"
                )
                problems.append(warning(where, line, said))
    return problems

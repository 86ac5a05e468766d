"""The site's default Jinja2 templates and static assets, shipped as `netvault.templates`.

Not code: this file only makes the folder an importable package, so that
`importlib.resources.files("netvault.templates")` finds it in editable and wheel installs
alike. A vault's own `templates/` folder overrides any file here by name (SPEC 5.6).
"""

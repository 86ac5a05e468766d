"""netvault: a personal relationship manager whose data is plain Markdown.

Pipeline (see docs/architecture.md): settings -> loader (frontmatter, fields, links) ->
index -> engine -> render -> build. Pure stages take `today` as a parameter.
"""

__version__ = "0.1.0"

"""Rendering: the pure building blocks of the private site.

- `slugs`     names -> safe, unique file names; the output-path guard
- `markdown`  note and contact bodies -> HTML (raw HTML off, wikilinks, link safety)
- `graph`     the network graph: deterministic layout at build time, SVG markup

Nothing here reads the clock or the file system; the page assembler feeds these modules
and the build writes what they return.
"""

"""One module per command: parse options, call one function, print, return an exit code."""

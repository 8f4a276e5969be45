"""Marks notebooks trusted, as `jupyter trust` does (Debian's Jupyter has no `jupyter trust` command).

Jupyter Notebook shows the HTML and SVG outputs of an untrusted notebook only after its cells are re-run, so
the committed notebooks, opened for the first time, would show no charts. Trust is a signature of the
notebook's content kept in the user's Jupyter data folder (nbsignatures.db), so it has to be given on each
machine and again after a notebook changes: scripts/setup.sh runs this on every `npm start` / `npm test`.

usage: python3 scripts/trust-notebooks.py NOTEBOOK.ipynb...
"""

import sys

import nbformat
from nbformat.sign import NotebookNotary


def main(paths):
    notary = NotebookNotary()
    signed = 0
    for path in paths:
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        if not notary.check_signature(nb):
            notary.sign(nb)
            signed += 1
    return signed


if __name__ == "__main__":
    n = main(sys.argv[1:])
    if n:
        print(f"setup: marked {n} notebook(s) trusted")

#!/usr/bin/env python3
"""Lists import circles between the modules of a crate: each `.rs` file is a module, and
`use crate::a::b` (or `super::`, or a `crate::a::b::` path in code) is an edge to the file
that defines `a::b`. Prints every circle found and exits 1 when there is one.

Usage: python3 scripts/check_imports.py [crates/analysis/src]
"""
import pathlib
import re
import sys


def module_of(root, path):
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] in ("mod", "lib"):
        parts = parts[:-1]
    return tuple(parts)


def strip_tests(text):
    """The file without its `#[cfg(test)] mod tests { … }` block."""
    m = re.search(r"#\[cfg\(test\)\]\s*mod \w+ \{", text)
    return text[: m.start()] if m else text


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "crates/analysis/src")
    files = {module_of(root, p): p for p in root.rglob("*.rs")}
    edges = {m: set() for m in files}
    for mod, path in files.items():
        text = strip_tests(path.read_text(encoding="utf-8"))
        for m in re.finditer(r"\b(crate|super)((?:::\w+)+)", text):
            head, rest = m.group(1), m.group(2).split("::")[1:]
            if head == "super":
                # `super` in a/b.rs and in a/b/mod.rs is a
                target = list(mod[:-1]) + rest
            else:
                target = rest
            # the longest prefix that is a module file
            while target and tuple(target) not in files:
                target = target[:-1]
            t = tuple(target)
            if t and t != mod and t in files:
                edges[mod].add(t)
    # circles: strongly connected components of more than one module (Tarjan)
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(comp)

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    if not comps:
        print(f"no import circle among {len(files)} modules of {root}")
        return 0
    for comp in comps:
        print("circle:", " <-> ".join("::".join(c) or "lib" for c in sorted(comp)))
    return 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Fill the expected-output blocks of the docs pages from zarr-python 2.13.

Each page `docs-site/**/<slug>.md` with TypeScript examples that print something has a
script `reference/<slug>.py`. The script is cut into sections at lines starting with `# %%`;
section N is the Python equivalent of the N-th ```ts block of the page that is followed by a
```txt block, and what it prints becomes that txt block. Sections run in order in one
namespace, in a fresh temporary working directory (like the page's TypeScript).

    /usr/bin/python3 docs-site/reference/regenerate.py          # rewrite the txt blocks
    /usr/bin/python3 docs-site/reference/regenerate.py --check  # fail if a page is stale
"""

import contextlib
import io
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SITE = os.path.dirname(HERE)
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w-]*)")


def pages():
    for root, dirs, files in os.walk(SITE):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("node_modules", "api", "reference", "test", "demo", "public")]
        for f in files:
            if f.endswith(".md") and f != "README.md":
                yield os.path.join(root, f)


def blocks(lines):
    """(lang, first body line index, end index exclusive, fence line index) of each fenced block."""
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang, start = m.group(2), m.group(3), i
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            i += 1
        out.append((lang, start + 1, i, start))
        i += 1
    return out


def expected_slots(lines):
    """The txt blocks that directly follow a ts block."""
    bs = blocks(lines)
    slots = []
    for k, (lang, _, end, _) in enumerate(bs):
        if lang != "ts" or k + 1 >= len(bs):
            continue
        nlang, nstart, nend, nfence = bs[k + 1]
        if nlang == "txt" and all(l.strip() == "" for l in lines[end + 1 : nfence]):
            slots.append((nstart, nend))
    return slots


def run_reference(script):
    with open(script, encoding="utf-8") as f:
        source = f.read()
    sections = re.split(r"^# %%.*$", source, flags=re.M)
    prelude, sections = sections[0], sections[1:]
    outputs = []
    ns = {"__name__": "__reference__"}
    cwd = os.getcwd()
    sys.path.insert(0, HERE)
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            exec(compile(prelude, script, "exec"), ns)
            for sec in sections:
                buf = io.StringIO()
                with contextlib.redirect_stdout(buf):
                    exec(compile(sec, script, "exec"), ns)
                outputs.append(buf.getvalue())
        finally:
            os.chdir(cwd)
            sys.path.remove(HERE)
    return outputs


def main(argv):
    check = "--check" in argv
    stale = []
    for page in sorted(pages()):
        slug = os.path.splitext(os.path.basename(page))[0]
        with open(page, encoding="utf-8") as f:
            text = f.read()
        lines = text.split("\n")
        slots = expected_slots(lines)
        script = os.path.join(HERE, f"{slug}.py")
        rel = os.path.relpath(page, SITE)
        if not os.path.exists(script):
            if slots:
                print(f"{rel}: {len(slots)} expected-output blocks but no reference/{slug}.py")
                stale.append(rel)
            continue
        outputs = run_reference(script)
        if len(outputs) != len(slots):
            print(f"{rel}: {len(slots)} expected-output blocks, reference/{slug}.py has {len(outputs)} sections")
            stale.append(rel)
            continue
        new = list(lines)
        for (start, end), out in reversed(list(zip(slots, outputs))):
            body = [l.rstrip() for l in out.rstrip("\n").split("\n")]
            new[start:end] = body
        new_text = "\n".join(new)
        if new_text != text:
            if check:
                print(f"{rel}: expected outputs differ from reference/{slug}.py")
                stale.append(rel)
            else:
                with open(page, "w", encoding="utf-8") as f:
                    f.write(new_text)
                print(f"{rel}: updated")
    if stale:
        return 1
    print("all expected outputs match zarr-python" if check else "done")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

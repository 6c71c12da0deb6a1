"""Refresh the Qt Linguist files and build the .qm files: one command.

    .venv/bin/python scripts/translations.py          # lupdate, fill, lrelease
    .venv/bin/python scripts/translations.py --check  # fail if anything is unfinished
    .venv/bin/python scripts/translations.py --release  # only build the .qm files (set-up does)

1. ``pyside6-lupdate`` reads every ``tr()``/``QT_TRANSLATE_NOOP`` in
   luzsong_grid/ and refreshes translations/luzsong_grid_{zh_CN,en}.ts.
2. Unfinished messages are filled from the glossary translations/zh_CN.tsv
   (``English<TAB>中文`` a line). English is the source language, so the
   English file's translations are the sources themselves.
3. ``pyside6-lrelease`` builds the .qm files the app loads.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
GLOSSARY = TRANSLATIONS / "zh_CN.tsv"
LANGS = ("zh_CN", "en")


def _tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    if not Path(found).exists():
        sys.exit(f"{name} not found: install PySide6 (pip install -e '.[dev]')")
    return found


def glossary() -> dict[str, str]:
    table: dict[str, str] = {}
    for n, line in enumerate(GLOSSARY.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        source, sep, target = line.partition("\t")
        if not sep or not target.strip():
            sys.exit(f"{GLOSSARY.name}:{n}: expected English<TAB>Chinese")
        table[source] = target
    return table


def ts_path(lang: str) -> Path:
    return TRANSLATIONS / f"luzsong_grid_{lang}.ts"


def lupdate() -> None:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "luzsong_grid").rglob("*.py"))
    for lang in LANGS:
        subprocess.run(
            [
                _tool("pyside6-lupdate"),
                "-no-obsolete",
                "-locations",
                "none",
                *sources,
                "-target-language",
                lang,
                "-ts",
                str(ts_path(lang)),
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def fill(lang: str, table: dict[str, str]) -> list[str]:
    """Fill unfinished messages; returns the sources still without a translation."""
    path = ts_path(lang)
    tree = ET.parse(path)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        node = message.find("translation")
        if node is None:
            node = ET.SubElement(message, "translation")
        numerus = message.get("numerus") == "yes"
        done = node.get("type") != "unfinished" and (
            any(f.text for f in node.iter("numerusform")) if numerus else node.text
        )
        if done:
            continue
        text = source if lang == "en" else table.get(source)
        if not text:
            missing.append(source)
            continue
        node.attrib.pop("type", None)
        if numerus:  # Chinese has one plural form; English keeps the "(s)" source
            for form in list(node):
                node.remove(form)
            for _ in range(1 if lang == "zh_CN" else 2):
                ET.SubElement(node, "numerusform").text = text
        else:
            node.text = text
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


def unfinished(lang: str) -> list[str]:
    root = ET.parse(ts_path(lang)).getroot()
    out = []
    for m in root.iter("message"):
        t = m.find("translation")
        filled = t is not None and (
            any(f.text for f in t.iter("numerusform")) if m.get("numerus") == "yes" else t.text
        )
        if t is None or t.get("type") == "unfinished" or not filled:
            out.append(m.findtext("source") or "")
    return out


def lrelease() -> None:
    for lang in LANGS:
        subprocess.run(
            [
                _tool("pyside6-lrelease"),
                "-silent",
                str(ts_path(lang)),
                "-qm",
                str(TRANSLATIONS / f"luzsong_grid_{lang}.qm"),
            ],
            check=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report unfinished messages")
    parser.add_argument("--release", action="store_true", help="only build the .qm files")
    args = parser.parse_args()
    if args.release:
        lrelease()
        return 0
    if args.check:
        bad = {lang: unfinished(lang) for lang in LANGS}
        for lang, sources in bad.items():
            for source in sources:
                print(f"{lang}: unfinished: {source}")
        return 1 if any(bad.values()) else 0
    lupdate()
    table = glossary()
    status = 0
    for lang in LANGS:
        for source in fill(lang, table):
            print(f"{lang}: no translation for: {source}", file=sys.stderr)
            status = 1
    lrelease()
    return status


if __name__ == "__main__":
    sys.exit(main())

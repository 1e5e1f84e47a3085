"""Reader quality: recall and precision on the fixture bulletins and variants of them.

Run: ``make eval`` (or ``.venv/bin/python benchmarks/eval_reader.py --variants 20 --seed 1``).

Every fixture of ``tests/fixtures/bulletins`` and N variants of each (``tests/corpus.py``:
other number styles, spacing, zero-width spaces, NFD, other market names, captions,
bylines, "Read more" boxes and comments; each keeps the fixture's expected figures)
are read with :func:`labexport.read.bulletin.parse_text`. A figure is the tuple (scope, year,
month_from, month_to, measure, market, sex, value, qualifier); recall is the share of
expected figures read, precision the share of figures read that were expected.

Prints recall and precision overall, for the fixtures alone, for the variants alone,
per shape tag (fixtures and their variants) and per transform, and the ten files
with the most errors. ``--json`` prints the same as JSON; ``--show NAME`` prints the
missed and invented figures of one fixture or variant (``<fixture>~<transform>~<seed>``).
The script measures and does not judge: it always exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from corpus import (  # noqa: E402
    FIELDS,
    TRANSFORMS,
    Fixture,
    Variant,
    load_corpus,
    make_variant,
    parse_variant_name,
    sample_variants,
)

from labexport.read.bulletin import parse_text  # noqa: E402

FOLDER = ROOT / "tests" / "fixtures" / "bulletins"


@dataclass
class Result:
    """What the reader found in one document, against what it should have found."""

    name: str
    transform: str | None
    shapes: frozenset[str]
    expected: frozenset[tuple]
    found: frozenset[tuple]
    error: str | None = None

    @property
    def missed(self) -> frozenset[tuple]:
        return self.expected - self.found

    @property
    def invented(self) -> frozenset[tuple]:
        return self.found - self.expected


@dataclass
class Score:
    """Counts behind recall and precision, summed over documents."""

    docs: int = 0
    hits: int = 0
    expected: int = 0
    found: int = 0
    errors: int = 0

    def add(self, result: Result) -> None:
        self.docs += 1
        self.hits += len(result.expected & result.found)
        self.expected += len(result.expected)
        self.found += len(result.found)
        self.errors += result.error is not None

    def as_dict(self) -> dict:
        return {"docs": self.docs, "recall": ratio(self.hits, self.expected),
                "precision": ratio(self.hits, self.found), "hits": self.hits,
                "expected": self.expected, "found": self.found, "errors": self.errors}


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def read_figures(text: str, source: str) -> tuple[frozenset[tuple], str | None]:
    """Read a text's figures as tuples; a crash reads nothing and is reported."""
    try:
        facts = parse_text(text, source=source)
    except Exception as exc:  # the reader may be mid-rewrite: count, go on
        return frozenset(), f"{type(exc).__name__}: {exc}"
    return frozenset((f.scope, int(f.year), int(f.month_from), int(f.month_to), f.measure,
                      f.market, f.sex, float(f.value), f.qualifier) for f in facts), None


def evaluate(doc: Fixture | Variant) -> Result:
    found, error = read_figures(doc.text, doc.name)
    transform = getattr(doc, "transform", None)
    shapes = doc.shapes - {transform} if transform else doc.shapes
    return Result(doc.name, transform, shapes, doc.expected, found, error)


def build_documents(fixtures: list[Fixture], count: int, seed: int) -> list[Fixture | Variant]:
    docs: list[Fixture | Variant] = []
    for fixture in fixtures:
        docs.append(fixture)
        docs.extend(sample_variants(fixture, count, seed=seed) if count > 0 else [])
    return docs


def summarise(results: list[Result]) -> dict:
    """Scores overall, for fixtures, for variants, per shape and per transform."""
    groups: dict[str, Score] = {"overall": Score(), "fixtures": Score(), "variants": Score()}
    shapes: dict[str, Score] = {}
    transforms: dict[str, Score] = {}
    for result in results:
        groups["overall"].add(result)
        groups["variants" if result.transform else "fixtures"].add(result)
        for tag in result.shapes:
            shapes.setdefault(tag, Score()).add(result)
        if result.transform:
            transforms.setdefault(result.transform, Score()).add(result)
    worst = sorted(results, key=lambda r: (-(len(r.missed) + len(r.invented)), r.name))[:10]
    return {
        **{name: score.as_dict() for name, score in groups.items()},
        "shapes": {tag: shapes[tag].as_dict() for tag in sorted(shapes)},
        "transforms": {t: transforms[t].as_dict() for t in TRANSFORMS if t in transforms},
        "worst": [{"name": r.name, "missed": len(r.missed), "invented": len(r.invented),
                   "error": r.error} for r in worst if r.missed or r.invented or r.error],
        "errors": [{"name": r.name, "error": r.error} for r in results if r.error],
    }


def fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def score_line(label: str, score: dict, width: int) -> str:
    return (f"{label:<{width}} docs {score['docs']:>5}  recall {fmt(score['recall'])} "
            f"({score['hits']}/{score['expected']})  precision {fmt(score['precision'])} "
            f"({score['hits']}/{score['found']})"
            + (f"  errors {score['errors']}" if score["errors"] else ""))


def print_report(summary: dict, header: str) -> None:
    print(header)
    for name in ("overall", "fixtures", "variants"):
        print(score_line(name, summary[name], 10))
    for title, key in (("per shape (fixtures and their variants)", "shapes"),
                       ("per transform (variants)", "transforms")):
        print(f"\n{title}:")
        width = max((len(k) for k in summary[key]), default=0) + 2
        for tag, score in summary[key].items():
            print("  " + score_line(tag, score, width))
        if not summary[key]:
            print("  (none)")
    print("\nworst 10 files:")
    for row in summary["worst"]:
        print(f"  {row['name']}  missed {row['missed']}  invented {row['invented']}"
              + (f"  error {row['error']}" if row["error"] else ""))
    if not summary["worst"]:
        print("  (none: every file read exactly)")


def find_document(name: str, docs: list[Fixture | Variant], fixtures: list[Fixture]
                  ) -> Fixture | Variant | None:
    """The document called ``name``: one of ``docs``, or a variant rebuilt from its name."""
    for doc in docs:
        if doc.name == name:
            return doc
    parsed = parse_variant_name(name)
    if parsed is None:
        return None
    fixture = next((f for f in fixtures if f.name == parsed[0]), None)
    return make_variant(fixture, parsed[1], parsed[2]) if fixture else None


def row_dict(row: tuple) -> dict:
    return dict(zip(FIELDS, row, strict=True))


def show(doc: Fixture | Variant, as_json: bool) -> None:
    result = evaluate(doc)
    missed, invented = sorted(result.missed), sorted(result.invented)
    if as_json:
        print(json.dumps({"name": doc.name, "expected": len(result.expected),
                          "found": len(result.found), "error": result.error,
                          "missed": [row_dict(r) for r in missed],
                          "invented": [row_dict(r) for r in invented]},
                         ensure_ascii=False, indent=2))
        return
    print(f"{doc.name}: expected {len(result.expected)}, found {len(result.found)}, "
          f"missed {len(missed)}, invented {len(invented)}")
    if result.error:
        print(f"error: {result.error}")
    for label, rows in (("missed", missed), ("invented", invented)):
        print(f"{label}:")
        for row in rows:
            print("  " + ",".join(str(v) for v in row))
        if not rows:
            print("  (none)")


def run(args: argparse.Namespace) -> None:
    fixtures = load_corpus(args.folder)
    docs = build_documents(fixtures, args.variants, args.seed)
    if args.show:
        doc = find_document(args.show, docs, fixtures)
        if doc is None:
            print(f"no fixture or variant called {args.show!r}", file=sys.stderr)
        else:
            show(doc, args.json)
        return
    summary = summarise([evaluate(doc) for doc in docs])
    n_variants = len(docs) - len(fixtures)
    if args.json:
        meta = {"fixtures": len(fixtures), "variants": n_variants,
                "variants_per_fixture": args.variants, "seed": args.seed}
        print(json.dumps({"corpus": meta, **summary}, ensure_ascii=False, indent=2))
        return
    print_report(summary, f"reader on {len(fixtures)} fixtures and {n_variants} variants "
                          f"(up to {args.variants} each, seed {args.seed})\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=20, metavar="N",
                        help="variants of each fixture (default 20)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--show", metavar="NAME", help="missed and invented rows of one file")
    parser.add_argument("--folder", type=Path, default=FOLDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    try:
        run(args)
    except Exception:  # it measures, it does not judge: report and exit 0
        traceback.print_exc()
    return 0


if __name__ == "__main__":
    sys.exit(main())

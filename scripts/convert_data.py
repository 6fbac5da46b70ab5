"""Regenerate the bundled emission-factor sets from the raw publisher files.

Usage::

    python scripts/convert_data.py --raw /path/to/shared/data --out src/carbonstd/data

Writes one JSON file per set to ``<out>/factors/`` and validates each against
``<out>/schemas/factor-set.schema.json``. The output is deterministic: the same
raw files give the same bytes (sorted keys, stable order, no timestamps). GWP
tables are converted by scripts/convert_gwp.py, which is called from here when it
exists (``--skip-gwp`` turns that off).

Exit status: 0 on success, 1 when a raw file is missing or malformed or a set
does not validate (the message names the file and the problem).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import _convert_carculator
import _convert_china
import _convert_desnz
import _convert_epa
import _convert_ipcc
from _convert_common import dump_json
from carbonstd.errors import CarbonStdError, FactorDataError

Converter = Callable[[Path], list[dict[str, Any]]]


def _one(module_convert: Callable[[Path], dict[str, Any]]) -> Converter:
    return lambda raw: [module_convert(raw)]


#: (output file stem, converter) in a fixed order.
CONVERTERS: tuple[tuple[str, Converter], ...] = (
    ("us-epa-ghg-hub-2025", _one(_convert_epa.convert)),
    ("uk-desnz", _convert_desnz.convert_all),
    ("cn-mee-electricity", _one(_convert_china.convert)),
    ("ipcc-2006-energy", _one(_convert_ipcc.convert)),
    ("carculator-fuel-specs", _one(_convert_carculator.convert)),
)


def _validate(document: dict[str, Any], schema: dict[str, Any], where: str) -> None:
    import jsonschema  # type: ignore[import-untyped,unused-ignore]

    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    problems = [
        f"{error.json_path}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: e.json_path)
    ]
    if problems:
        raise FactorDataError(
            f"converted set fails the factor-set schema ({len(problems)} problems)",
            source=where,
            problems=problems[:50],
            hint="fix the converter; the schema is the contract",
        )


def _run_gwp_hook(raw: Path, out: Path) -> bool:
    script = Path(__file__).with_name("convert_gwp.py")
    if not script.exists():
        return False
    spec = importlib.util.spec_from_file_location("convert_gwp", script)
    if spec is None or spec.loader is None:
        return False
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    main = getattr(module, "main", None)
    if callable(main):
        status = main(["--raw", str(raw), "--out", str(out / "gwp" / "gwp-sets.json")])
        if status not in (None, 0):
            raise FactorDataError("scripts/convert_gwp.py failed", value=status, source=str(script))
        return True
    return False


def convert(raw: Path, out: Path) -> list[Path]:
    """Convert every source under ``raw`` and write the sets to ``out/factors``."""
    schema_path = out / "schemas" / "factor-set.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    target = out / "factors"
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for stem, converter in CONVERTERS:
        documents = converter(raw)
        for document in documents:
            name = stem if len(documents) == 1 else f"{stem}-{document['version']}"
            path = target / f"{name}.json"
            _validate(document, schema, str(path))
            data = dump_json(document)
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
            written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--raw", type=Path, required=True, help="folder with the raw files")
    parser.add_argument("--out", type=Path, required=True, help="src/carbonstd/data")
    parser.add_argument("--skip-gwp", action="store_true", help="do not run convert_gwp.py")
    args = parser.parse_args(argv)
    try:
        for path in convert(args.raw, args.out):
            print(f"wrote {path} ({path.stat().st_size} bytes)")
        if not args.skip_gwp and _run_gwp_hook(args.raw, args.out):
            print("ran scripts/convert_gwp.py")
    except (CarbonStdError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

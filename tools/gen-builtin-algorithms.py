#!/usr/bin/env python3
"""Generate src/private/builtin-algorithms.generated.ts: what the library knows about
SageMaker's built-in algorithms, in one file.

Inputs (the repository holds none of them; pass their paths):

* ``--registries FILE``: the ECR account per region of each built-in algorithm's training
  image, by repository and version. A JSON file ``{"about": ..., "algorithms": {<id>:
  {"images": [{"repository", "versions", "accountByRegion"}]}}}`` derived from the image URI
  tables of the SageMaker Python SDK (aws/sagemaker-python-sdk,
  ``sagemaker-core/src/sagemaker/core/image_uri_config/<algorithm>.json``, training scope).
* ``--tuning FILE``: each algorithm's objective metrics (name, direction) and tunable
  hyperparameters (type, recommended range), JSON ``{"about": ..., "algorithms": {<id>:
  {"page", "objectiveMetrics", "tunableHyperParameters"}}}`` taken from the "Tune a ... model"
  pages of the Amazon SageMaker Developer Guide.
* ``--hyperparameters DIR``: the ``doc_source`` folder of a checkout of
  awsdocs/amazon-sagemaker-developer-guide (the commit the tuning file names). The generator
  reads each algorithm's hyperparameters page (HYPERPARAMETER_PAGES below) for every
  hyperparameter's name and, where its "Valid values" state them, hard bounds (``Range:
  [0,1]``, ``0 < float <= 1``, ``(min: 1, max: 2048)``, ``positive integer``). Suggested or
  recommended ranges are not bounds.

The hyperparameters folder: ``git clone https://github.com/awsdocs/amazon-sagemaker-developer-guide``
and ``git checkout a869fa5c9bd1074a85bd23748d0463e322ad8939`` (the guide's last commit with
content; the repository is archived), then pass ``<clone>/doc_source``.

Usage:
  python3 tools/gen-builtin-algorithms.py --registries builtin-algorithm-registries.json \\
      --tuning builtin-algorithm-tuning.json --hyperparameters <guide>/doc_source [--check]
  --check   exit 1 when the committed file differs from what the inputs give
"""
from __future__ import annotations

import argparse
import json
import pathlib
import re
import sys

OUT = pathlib.Path(__file__).resolve().parent.parent / "src" / "private" / "builtin-algorithms.generated.ts"

# Public constant name and display name of each algorithm id (the registries' keys).
ALGORITHMS = {
    "blazingtext": ("BLAZINGTEXT", "BlazingText"),
    "factorization-machines": ("FACTORIZATION_MACHINES", "Factorization Machines"),
    "forecasting-deepar": ("FORECASTING_DEEPAR", "DeepAR Forecasting"),
    "image-classification": ("IMAGE_CLASSIFICATION", "Image Classification (MXNet)"),
    "ipinsights": ("IPINSIGHTS", "IP Insights"),
    "kmeans": ("KMEANS", "K-Means"),
    "knn": ("KNN", "k-NN"),
    "lda": ("LDA", "LDA"),
    "linear-learner": ("LINEAR_LEARNER", "Linear Learner"),
    "ntm": ("NTM", "Neural Topic Model"),
    "object-detection": ("OBJECT_DETECTION", "Object Detection (MXNet)"),
    "object2vec": ("OBJECT2VEC", "Object2Vec"),
    "pca": ("PCA", "PCA"),
    "randomcutforest": ("RANDOMCUTFOREST", "Random Cut Forest"),
    "semantic-segmentation": ("SEMANTIC_SEGMENTATION", "Semantic Segmentation"),
    "seq2seq": ("SEQ2SEQ", "Sequence-to-Sequence"),
    "xgboost": ("XGBOOST", "XGBoost"),
}

# The developer guide's hyperparameters page of each algorithm (doc_source/<page>.md;
# published as https://docs.aws.amazon.com/sagemaker/latest/dg/<page>.html).
HYPERPARAMETER_PAGES = {
    "blazingtext": "blazingtext_hyperparameters",
    "factorization-machines": "fact-machines-hyperparameters",
    "forecasting-deepar": "deepar_hyperparameters",
    "image-classification": "IC-Hyperparameter",
    "ipinsights": "ip-insights-hyperparameters",
    "kmeans": "k-means-api-config",
    "knn": "kNN_hyperparameters",
    "lda": "lda_hyperparameters",
    "linear-learner": "ll_hyperparameters",
    "ntm": "ntm_hyperparameters",
    "object-detection": "object-detection-api-config",
    "object2vec": "object2vec-hyperparameters",
    "pca": "PCA-reference",
    "randomcutforest": "rcf_hyperparameters",
    "semantic-segmentation": "segmentation-hyperparameters",
    "seq2seq": "seq-2-seq-hyperparameters",
    "xgboost": "xgboost_hyperparameters",
}

# Names a tuning page spells differently from the algorithm's hyperparameters page (a typo
# on the tuning page: the algorithm reads the hyperparameters page's name).
TUNING_PAGE_TYPOS = {
    ("semantic-segmentation", "optimzer"): "optimizer",
    ("factorization-machines", "epoch"): "epochs",
}

# Other names users write for a hyperparameter, where a public source gives them:
# XGBoost Parameters (https://xgboost.readthedocs.io/en/stable/parameter.html) lists
# "eta [alias: learning_rate]", "gamma [alias: min_split_loss]", "lambda [alias:
# reg_lambda]" and "alpha [alias: reg_alpha]"; SageMaker's XGBoost container takes the
# canonical names its hyperparameters page lists.
ALIASES = {
    "xgboost": {
        "learning_rate": "eta",
        "min_split_loss": "gamma",
        "reg_lambda": "lambda",
        "reg_alpha": "alpha",
    },
}

NUM = r"[-+]?(?:\d[\d,]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"


def number(text: str) -> float:
    return float(text.replace(",", ""))


def clean(cell: str) -> str:
    """Markdown cell text without escapes and emphasis."""
    return re.sub(r"\\(.)", r"\1", cell).replace("**", "").replace("`", "").strip()


def valid_values(description: str) -> str | None:
    m = re.search(r"Valid values:?\s*(.*?)(?:Default value|Default:|$)", description)
    return m.group(1).strip() if m else None


def bounds_of(text: str) -> dict | None:
    """Hard bounds a "Valid values" text states, or None. Keys: min, max (numbers),
    minExclusive, maxExclusive (booleans), integer (True when the values are integers)."""
    t = text.replace("≤", "<=").replace("≥", ">=")
    low = t.lower()
    if "suggested" in low or "recommended" in low:
        # "Suggested value range: [...]" is a hint; keep only the kind ("non-negative float").
        t = re.split(r"(?i)suggested|recommended", t)[0]
        low = t.lower()
    integer = "integer" in low and "floating" not in low and "float" not in low
    out: dict = {}
    # Range: [a,b] / Range in [a, b] / float in (0, 1] / (0,1]
    m = re.search(rf"\b(?:range:?|range in|in)\s*([\[(])\s*({NUM})\s*,\s*({NUM}|∞)\s*([\])])", t, re.I)
    if m:
        out["min"] = number(m.group(2))
        out["minExclusive"] = m.group(1) == "("
        if m.group(3) != "∞":
            out["max"] = number(m.group(3))
            out["maxExclusive"] = m.group(4) == ")"
    # a <= float <= b, 0 < float <= 1, 0 <= integer, 1 <= positive integer <= 250,000,000
    m = re.search(rf"({NUM})\s*(<=|<)\s*(?:positive\s+|non-negative\s+)?(?:float|integer)(?:\s*(<=|<)\s*({NUM}))?", t, re.I)
    if m and not out:
        out["min"] = number(m.group(1))
        out["minExclusive"] = m.group(2) == "<"
        if m.group(4):
            out["max"] = number(m.group(4))
            out["maxExclusive"] = m.group(3) == "<"
    # positive integer >= 1, positive integer > 16
    m = re.search(rf"(?:integer|float)\s*(>=|>)\s*({NUM})", t, re.I)
    if m and not out:
        out["min"] = number(m.group(2))
        out["minExclusive"] = m.group(1) == ">"
    # (min: 1, max: 2048) / (min: 1e-3)
    m = re.search(rf"\(min:\s*({NUM})(?:,\s*max:\s*({NUM}))?\)", t)
    if m and not out:
        out["min"] = number(m.group(1))
        out["minExclusive"] = False
        if m.group(2):
            out["max"] = number(m.group(2))
            out["maxExclusive"] = False
    # floating-point ... between 0 and 1
    m = re.search(rf"between\s+({NUM})\s+and\s+({NUM})", t, re.I)
    if m and not out:
        out["min"] = number(m.group(1))
        out["minExclusive"] = False
        out["max"] = number(m.group(2))
        out["maxExclusive"] = False
    # positive / non-negative (integer or float)
    if not out and re.search(r"\bnon-negative\b", low):
        out = {"min": 0.0, "minExclusive": False}
    elif not out and re.search(r"\bpositive\b", low):
        out = {"min": 1.0, "minExclusive": False} if integer else {"min": 0.0, "minExclusive": True}
    if not out:
        return None
    if integer:
        out["integer"] = True
    return out


def read_hyperparameters(doc_source: pathlib.Path, page: str) -> dict:
    """name -> {'validValues': text, 'bounds': dict|None} from a hyperparameters page."""
    text = (doc_source / f"{page}.md").read_text(encoding="utf-8")
    out: dict = {}
    for line in text.splitlines():
        if not line.startswith("| ") or line.startswith("| ---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        name = clean(cells[0])
        if not re.fullmatch(r"[A-Za-z0-9_]+", name) or name.lower() == "parametername":
            continue
        if name in ("Parameter", "Name"):
            continue
        description = clean(" ".join(cells[1:]))
        vv = valid_values(description)
        bounds = bounds_of(vv) if vv else None
        if name in out:
            # BlazingText documents two modes on one page: keep the looser bounds.
            prev = out[name]["bounds"]
            if prev != bounds:
                bounds = None
        out[name] = {"validValues": vv, "bounds": bounds}
    return out


def ts_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(x)


def ts_string(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def generate(registries: dict, tuning: dict, doc_source: pathlib.Path) -> str:
    reg = registries["algorithms"]
    tun = tuning["algorithms"]
    missing = sorted(set(ALGORITHMS) ^ set(reg))
    if missing:
        sys.exit(f"registries and ALGORITHMS differ: {missing}")
    account_tables: list[dict] = []

    def table_index(table: dict) -> int:
        ordered = dict(sorted(table.items()))
        if ordered not in account_tables:
            account_tables.append(ordered)
        return account_tables.index(ordered)

    body: list[str] = []
    notes: list[str] = []
    for alg, (const, display) in ALGORITHMS.items():
        images = reg[alg]["images"]
        t = tun.get(alg)
        hp_page = HYPERPARAMETER_PAGES[alg]
        hps = read_hyperparameters(doc_source, hp_page)
        tunable: dict = {}
        if t:
            for h in t["tunableHyperParameters"]:
                name = TUNING_PAGE_TYPOS.get((alg, h["name"]), h["name"])
                if name not in hps:
                    notes.append(f"{alg}: tunable '{h['name']}' is not on {hp_page}.md")
                recommended = h["recommendedRange"].strip()
                if recommended.endswith("]") and "[" not in recommended:
                    recommended = recommended[:-1]  # a stray bracket on the tuning page
                tunable.setdefault(name, {"type": h["type"], "recommended": recommended})
        body.append(f"  {ts_string(alg)}: {{")
        body.append(f"    constant: '{const}',")
        body.append(f"    displayName: {ts_string(display)},")
        body.append("    images: [")
        for im in images:
            body.append(f"      {{ repository: {ts_string(im['repository'])}, versions: [{', '.join(ts_string(v) for v in im['versions'])}], "
                        f"accounts: ACCOUNTS_{table_index(im['accountByRegion'])} }},")
        body.append("    ],")
        body.append(f"    tuningPage: {ts_string(t['page'][:-3]) if t else 'undefined'},")
        body.append(f"    hyperParametersPage: {ts_string(hp_page)},")
        body.append("    metrics: {")
        for m in (t["objectiveMetrics"] if t else []):
            body.append(f"      {ts_string(m['name'])}: '{m['direction']}',")
        body.append("    },")
        body.append("    hyperParameters: {")
        for name in sorted(set(hps) | set(tunable)):
            fields = []
            if name in tunable:
                fields.append(f"type: '{tunable[name]['type']}'")
                fields.append(f"recommended: {ts_string(tunable[name]['recommended'])}")
            b = hps.get(name, {}).get("bounds")
            if b:
                fields.append("bounds: { " + ", ".join(
                    f"{k}: {ts_number(v) if isinstance(v, float) else str(v).lower()}" for k, v in b.items()) + " }")
                fields.append(f"validValues: {ts_string(hps[name]['validValues'])}")
            body.append(f"      {ts_string(name)}: {{ {', '.join(fields)} }}," if fields else f"      {ts_string(name)}: {{}},")
        body.append("    },")
        aliases = ALIASES.get(alg, {})
        body.append("    aliases: {" + "".join(f" {ts_string(k)}: {ts_string(v)}," for k, v in aliases.items()) + (" }," if aliases else "},"))
        body.append("  },")

    head = [
        "// Generated by tools/gen-builtin-algorithms.py. Do not edit by hand.",
        "//",
        "// Sources:",
        *[f"// - registries: {line}" for line in wrap(registries["about"])],
        *[f"// - tuning: {line}" for line in wrap(tuning["about"])],
        "// - hyperparameters and their hard bounds: the algorithms' hyperparameters pages of the",
        "//   Amazon SageMaker Developer Guide (awsdocs/amazon-sagemaker-developer-guide, doc_source/<page>.md,",
        "//   same commit as the tuning pages).",
        *[f"// Note: {n}" for n in notes],
        "",
        "/** Optimization direction a built-in algorithm's documentation gives a metric. */",
        "export type BuiltInMetricDirection = 'Maximize' | 'Minimize';",
        "",
        "/** Hard bounds of a hyperparameter, as its \"Valid values\" state them. */",
        "export interface BuiltInBounds {",
        "  readonly min?: number;",
        "  readonly minExclusive?: boolean;",
        "  readonly max?: number;",
        "  readonly maxExclusive?: boolean;",
        "  /** The values are integers. */",
        "  readonly integer?: boolean;",
        "}",
        "",
        "/** One hyperparameter of a built-in algorithm. */",
        "export interface BuiltInHyperParameter {",
        "  /** Range type the tuning page gives, when the hyperparameter is listed there as tunable. */",
        "  readonly type?: 'Integer' | 'Continuous' | 'Categorical';",
        "  /** Recommended range (a hint, not a limit), as the tuning page writes it. */",
        "  readonly recommended?: string;",
        "  /** Hard bounds, when the hyperparameters page states them. */",
        "  readonly bounds?: BuiltInBounds;",
        "  /** The hyperparameters page's \"Valid values\" text the bounds come from. */",
        "  readonly validValues?: string;",
        "}",
        "",
        "/** One training image repository of a built-in algorithm. */",
        "export interface BuiltInImage {",
        "  readonly repository: string;",
        "  readonly versions: readonly string[];",
        "  /** ECR registry account by region. */",
        "  readonly accounts: Readonly<Record<string, string>>;",
        "}",
        "",
        "/** What the library knows about one built-in algorithm. */",
        "export interface BuiltInAlgorithmData {",
        "  /** Name of the `BuiltInAlgorithm` constant. */",
        "  readonly constant: string;",
        "  readonly displayName: string;",
        "  readonly images: readonly BuiltInImage[];",
        "  /** Developer guide page (without .md / .html) with the objective metrics, if the algorithm is tunable. */",
        "  readonly tuningPage?: string;",
        "  /** Developer guide page with the hyperparameters. */",
        "  readonly hyperParametersPage: string;",
        "  /** Objective metrics and their documented direction. */",
        "  readonly metrics: Readonly<Record<string, BuiltInMetricDirection>>;",
        "  /** Every documented hyperparameter (tunable ones have a type). */",
        "  readonly hyperParameters: Readonly<Record<string, BuiltInHyperParameter>>;",
        "  /** Other names users write, mapped to the algorithm's own name. */",
        "  readonly aliases: Readonly<Record<string, string>>;",
        "}",
        "",
    ]
    tables = []
    for i, table in enumerate(account_tables):
        tables.append(f"const ACCOUNTS_{i}: Readonly<Record<string, string>> = {{")
        tables.extend(f"  '{r}': '{a}'," for r, a in table.items())
        tables.append("};")
        tables.append("")
    return "\n".join(head + tables + [
        "/** Every built-in algorithm by id (the registries' key). */",
        "export const BUILT_IN_ALGORITHM_DATA: Readonly<Record<string, BuiltInAlgorithmData>> = {",
        *body,
        "};",
        "",
    ])


def wrap(text: str, width: int = 96) -> list[str]:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    return lines + ([line] if line else [])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--registries", required=True, type=pathlib.Path)
    p.add_argument("--tuning", required=True, type=pathlib.Path)
    p.add_argument("--hyperparameters", required=True, type=pathlib.Path, help="doc_source folder of the developer guide")
    p.add_argument("--check", action="store_true")
    args = p.parse_args()
    text = generate(json.loads(args.registries.read_text()), json.loads(args.tuning.read_text()), args.hyperparameters)
    if args.check:
        if OUT.read_text() != text:
            sys.exit(f"{OUT} is out of date: run tools/gen-builtin-algorithms.py")
        print(f"{OUT} is up to date")
        return
    OUT.write_text(text)
    print(f"wrote {OUT} ({len(ALGORITHMS)} algorithms)")


if __name__ == "__main__":
    main()

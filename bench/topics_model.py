"""Study: does a statistical topic model trained on the dev topic gold help the rules?

A small deterministic model (character 1–3-gram TF-IDF over the document title,
the section path and the measure text; one-vs-rest logistic regression or a
linear SVM with a fixed ``random_state``) is trained on the **dev** and
**dev-2** parts of ``tests/data/gold/topics.jsonl`` only, and scored — with the
project's own :func:`graphkit.evaluation.score` — on every part, the held-out
part and the two external gold files being the ones it never saw. Compared:

- ``rules``: :func:`graphkit.extraction.topics.classify` as it stands;
- ``model``: the model alone;
- ``union``: the topics of both;
- ``fallback``: the model only where the rules give nothing;
- ``stacked``: the model with the rules' topics as extra features;
- ``nb``: multinomial naive Bayes (one-vs-rest) on the same features, which a
  pure-Python classifier could reproduce.

Prints one table of topic micro-F1 per split; the dev parts are training data
for the model and are shown only to see how much it fits them.
Needs scikit-learn (``pip install scikit-learn``).

    python bench/topics_model.py [--c C] [--threshold T ...]
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold"
TRAIN = ("dev", "dev-2")


def features(row: dict) -> str:
    """What the model reads of a measure: its document title, headings and text."""
    return " | ".join([row.get("doc_title", ""), " / ".join(row.get("section") or ()),
                       row.get("text", "")])


def rule_topics(row: dict) -> list[str]:
    from graphkit.extraction.topics import classify

    return [t.topic for t in classify(row.get("text", ""), tuple(row.get("section") or ()),
                                      document=row.get("doc_title", ""))]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--c", type=float, default=10.0, help="inverse regularisation")
    ap.add_argument("--threshold", type=float, nargs="+", default=[0.5, 0.3, 0.2, 0.1],
                    help="probabilities to keep a topic at (one table each)")
    args = ap.parse_args(argv)

    import numpy as np
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.preprocessing import MultiLabelBinarizer
    from sklearn.svm import LinearSVC

    from graphkit.evaluation import load_jsonl, match, score
    from graphkit.extraction import extract_paths

    corpus = [r for ex in extract_paths([ROOT / "data" / "corpus"]) for r in ex.rows()]
    external = [r for ex in extract_paths([GOLD / "external" / "docs"]) if hasattr(ex, "rows")
                for r in ex.rows()]
    sets = {"corpus": (load_jsonl(GOLD / "topics.jsonl"), corpus),
            "ext_a": (load_jsonl(GOLD / "external" / "ext_a.jsonl"), external),
            "ext_b": (load_jsonl(GOLD / "external" / "ext_b.jsonl"), external)}

    gold, rows = sets["corpus"]
    pairs = match(gold, rows)
    train = [(rows[i], g["topics"]) for g, i in zip(gold, pairs, strict=True)
             if i is not None and g["split"] in TRAIN]
    labels = MultiLabelBinarizer().fit([t for _, t in train])
    y = labels.transform([t for _, t in train])
    texts = [features(r) for r, _ in train]
    char = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True).fit(texts)
    rule_vec = TfidfVectorizer(analyzer=lambda ts: ts, use_idf=False)
    rule_vec.fit([[*rule_topics(r), "_"] for r, _ in train])

    def design(rs: list[dict], stacked: bool):
        x = char.transform([features(r) for r in rs])
        if stacked:
            x = hstack([x, 3.0 * rule_vec.transform([rule_topics(r) for r in rs])]).tocsr()
        return x

    def fit(kind: str, stacked: bool):
        base = {"lr": LogisticRegression(C=args.c, max_iter=2000, random_state=0),
                "svm": LinearSVC(C=args.c / 10, random_state=0),
                "nb": MultinomialNB(alpha=0.1)}[kind]
        return OneVsRestClassifier(base).fit(design([r for r, _ in train], stacked), y)

    def predict(model, rs: list[dict], stacked: bool, threshold: float) -> list[list[str]]:
        x = design(rs, stacked)
        if hasattr(model, "predict_proba"):
            p = model.predict_proba(x)
            keep = p >= threshold
        else:
            p = model.decision_function(x)
            keep = p >= np.log(threshold / (1 - threshold))
        out = []
        for row_keep, row_p in zip(keep, p, strict=True):
            idx = np.flatnonzero(row_keep)
            idx = idx[np.argsort(-row_p[idx])][:3]
            out.append([labels.classes_[j] for j in idx])
        return out

    kinds = ("lr", "svm", "nb")
    models = {(k, s): fit(k, s) for k in kinds for s in (False, True)}

    def systems(rs: list[dict], threshold: float) -> dict[str, list[list[str]]]:
        rules = [rule_topics(r) for r in rs]
        out = {"rules": rules}
        for kind in kinds:
            model = predict(models[(kind, False)], rs, False, threshold)
            out[f"{kind} model"] = model
            out[f"{kind} union"] = [sorted(set(a) | set(b)) for a, b in zip(rules, model, strict=True)]
            out[f"{kind} fallback"] = [a or b for a, b in zip(rules, model, strict=True)]
            out[f"{kind} stacked"] = predict(models[(kind, True)], rs, True, threshold)
        return out

    for threshold in args.threshold:
        table: dict[str, dict[str, float]] = {}
        for name, (g, rs) in sets.items():
            for system, found in systems(rs, threshold).items():
                scored = score(g, [{**r, "topics": t} for r, t in zip(rs, found, strict=True)])
                cells = table.setdefault(system, {})
                if name == "corpus":
                    for part, v in scored.topic_splits.items():
                        cells[part] = v["f1"]
                else:
                    cells[name] = scored.topic_f1
        cols = ["dev", "dev-2", "held-out", "held-out-2", "ext_a", "ext_b"]
        print(f"\ntrained on {len(train)} measures ({', '.join(TRAIN)}); C={args.c}, "
              f"threshold={threshold} (the SVM's margin at its logit)")
        print(f"{'system':<16}" + "".join(f"{c:>10}" for c in cols) + f"{'unseen':>10}")
        for system, cells in table.items():
            unseen = sum(cells[c] for c in cols[2:]) / len(cols[2:])
            print(f"{system:<16}" + "".join(f"{cells[c]:>10.3f}" for c in cols)
                  + f"{unseen:>10.3f}")

if __name__ == "__main__":
    main()

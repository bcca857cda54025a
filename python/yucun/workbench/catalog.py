"""What the planner sees, in both languages: indicator and lever labels and
explanations (scenarios/data/glossary.yaml), village names in Chinese characters and
pinyin (scenarios/data/villages_zh.yaml), each lever's settings with their kind,
bounds and baseline values (the engine's scenario schema), and the map's villages,
roads, shuttle roads and greenway links (the baseline scenario).
"""

import os

import yaml

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DATA_DIR = os.environ.get("YUCUN_DATA_DIR", os.path.join(REPO, "scenarios", "data"))

# The key indicators every comparison shows, in the order of the summary.
SUMMARY_INDICATORS = [
    "rural_income_per_capita", "tea_income", "visitors", "visitors_outside_core_share", "visitor_spread",
    "overnight_share", "gini", "urban_rural_ratio", "collective_income", "net_public_cost",
]


def load_yaml(text):
    """YAML text as Python values (libyaml's parser when present: resolved scenarios are long)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _load_yaml(name):
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as f:
        return load_yaml(f)


class Catalog:
    """Built once when the server starts, from the data files and the engine."""

    def __init__(self, engine):
        self.glossary = _load_yaml("glossary.yaml")
        villages_zh = _load_yaml("villages_zh.yaml")
        self.baseline = engine.load_scenario("@baseline", [])
        self.baseline_yaml = load_yaml(self.baseline.to_yaml())
        world = self.baseline_yaml["world"]
        zh = villages_zh.get("villages", {})
        self.villages = []
        for v in world["villages"]:
            z = zh.get(v["name"], {})
            self.villages.append({
                "name": v["name"], "township": v["township"],
                "name_zh": z.get("name_zh_common") or z.get("name_zh", ""), "pinyin": z.get("pinyin", v["name"]),
                "township_zh": z.get("township_zh", ""),
                "x_km": v.get("x_km", 0.0), "y_km": v.get("y_km", 0.0),
                "population": v.get("population", 0),
            })
        self.townships = {name: {"name_zh": t.get("name_zh", ""), "pinyin": t.get("pinyin", name)}
                          for name, t in villages_zh.get("townships", {}).items()}
        self.village_names = [v["name"] for v in self.villages]
        self.roads = [{"from": r["from"], "to": r["to"], "km": r.get("km"), "minutes": r.get("minutes"),
                       "shuttle": bool(r.get("shuttle", False))} for r in world.get("roads", [])]
        self.calendar = self.baseline_yaml["calendar"]
        self.levers = self._levers(engine)

    def _levers(self, engine):
        """Each lever of `policies:` with its settings: key, kind, bounds, baseline value,
        labels and units in both languages (the schema decides kind and bounds)."""
        policies = self.baseline_yaml.get("policies", {})
        texts = self.glossary.get("levers", {})
        common = self.glossary.get("lever_common", {})
        levers = []
        for key, values in policies.items():
            text = texts.get(key, {})
            params = []
            for name, value in values.items():
                d = engine.describe_key(f"policies.{key}.{name}")
                label = text.get("params", {}).get(name) or common.get(name) or {}
                params.append({
                    "key": name, "kind": d.get("kind"), "lo": d.get("lo"), "hi": d.get("hi"),
                    "lo_open": d.get("lo_open", False), "options": d.get("options", []),
                    "value": _plain(value),
                    "en": label.get("en", name), "zh": label.get("zh", name),
                    "unit_en": label.get("unit_en", ""), "unit_zh": label.get("unit_zh", ""),
                })
            levers.append({
                "key": key, "en": text.get("en", key), "zh": text.get("zh", key),
                "explain_en": text.get("explain_en", ""), "explain_zh": text.get("explain_zh", ""),
                "unit_en": text.get("unit_en", ""), "unit_zh": text.get("unit_zh", ""),
                "params": params,
            })
        return levers

    def lever(self, key):
        return next((lever for lever in self.levers if lever["key"] == key), None)

    def meta(self, version):
        """Everything the page needs to draw itself, in one response."""
        return {
            "version": version,
            "calendar": {"start": str(self.calendar.get("start")), "years": self.calendar.get("years"),
                         "end_year": int(str(self.calendar.get("start"))[:4]) + int(self.calendar.get("years", 1)) - 1},
            "villages": self.villages,
            "townships": self.townships,
            "roads": self.roads,
            "levers": self.levers,
            "indicators": self.glossary.get("indicators", {}),
            "summary_indicators": SUMMARY_INDICATORS,
            "ui": self.glossary.get("ui", {}),
            "terms": self.glossary.get("terms", {}),
        }


def _plain(value):
    """A YAML value as JSON can carry it (dates as ISO text)."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    return str(value)

"""Policy scenarios set up by form and saved as YAML in the workspace.

A saved scenario is an ordinary scenario file: `extends: "@baseline"` and the levers
the planner switched on or changed, so `yucun run WORKSPACE/scenarios/NAME.yaml` runs
it unchanged. It is validated by the engine itself (the same schema and messages as
`yucun validate`); each message is returned with the form field (key path) it
belongs to and, for the commonest problems, a Chinese rendering next to the CLI's
English words.
"""

import datetime as dt
import math
import os
import re
import tempfile

from .catalog import load_yaml

NAME_RE = re.compile(r"[^\W_][\w-]{0,39}")  # letters (any script), digits, - and _; never a path
MAX_DESCRIPTION = 500
MAX_SAVED = 200
# "10,000,000", "1 000 000", "1000万", "0.1亿", "10M", "50k"
_SUFFIX = {"万": 1e4, "亿": 1e8, "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6}
_DIAGNOSTIC = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): error: (?:(?P<key>[A-Za-z0-9_.\[\]-]+): )?(?P<msg>.*)$")


class FormError(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(e["message_en"] for e in errors))
        self.errors = errors


def parse_number(text):
    """A number as a planner types it: thousands separators, 万/亿, k/M. None if not a number."""
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text) if math.isfinite(text) else None
    s = str(text).strip().replace(",", "").replace("，", "").replace(" ", "").replace("_", "")
    factor = 1.0
    if s and s[-1] in _SUFFIX:
        factor, s = _SUFFIX[s[-1]], s[:-1]
    try:
        value = float(s) * factor
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _error(field, en, zh):
    return {"field": field, "message_en": en, "message_zh": zh}


def _number_text(x):
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(float(x))


def _range_zh(p):
    lo, hi = p.get("lo"), p.get("hi")
    if lo is not None and hi is not None:
        return f"应为{'大于' if p.get('lo_open') else ''}{_number_text(lo)}{'' if p.get('lo_open') else '至' + _number_text(hi)}{'且不超过' + _number_text(hi) if p.get('lo_open') else ''}的数值"
    if lo is not None:
        return f"应为{'大于' if p.get('lo_open') else '不小于'}{_number_text(lo)}的数值"
    return "应为数值"


def _yaml_scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def form_to_scenario(form, catalog):
    """The form (JSON from the page) as scenario YAML text, or FormError with every
    problem found before the engine sees it (names, numbers, dates, villages)."""
    name, text, errors = form_to_scenario_text(form, catalog)
    if errors:
        raise FormError(errors)
    return name, text


def form_to_scenario_text(form, catalog):
    """(name, YAML text, problems): the text leaves out the fields with problems (and
    names itself 'unnamed' when the name is bad), so the engine can still check the rest."""
    errors = []
    if not isinstance(form, dict):
        errors.append(_error("", "expected a JSON object", "应为JSON对象"))
        form = {}
    name = str(form.get("name", "")).strip()
    if not NAME_RE.fullmatch(name) or name.lower() == "baseline":
        errors.append(_error("name", "the name must be 1-40 letters, digits, '-' or '_' (not 'baseline'), e.g. shuttle-2024",
                             "名称应为1至40个字（汉字、字母、数字、“-”或“_”），不能为baseline，例如：接驳车2024"))
    description = str(form.get("description", "")).strip().replace("\n", " ")
    if len(description) > MAX_DESCRIPTION:
        errors.append(_error("description", f"the description is longer than {MAX_DESCRIPTION} characters",
                             f"说明不能超过{MAX_DESCRIPTION}个字"))
    levers_in = form.get("levers", {})
    if not isinstance(levers_in, dict):
        levers_in = {}
    lines = ["# A policy scenario saved by the yucun workbench (yucun serve).",
             "# Run it with: yucun run THIS_FILE --replicates 4",
             'extends: "@baseline"',
             f"name: {_yaml_scalar(name if not errors else 'unnamed')}"]
    if description:
        lines.append(f"description: {_yaml_scalar(description)}")
    policy_lines = []
    for key, values in levers_in.items():
        lever = catalog.lever(key)
        if lever is None:
            errors.append(_error(f"policies.{key}", f"unknown lever '{key}'", f"未知的政策措施“{key}”"))
            continue
        if not isinstance(values, dict) or not values.get("enabled"):
            continue  # a lever left off is the baseline's (off)
        out = [f"  {key}:", "    enabled: true"]
        for p in lever["params"]:
            field = f"policies.{key}.{p['key']}"
            if p["key"] == "enabled" or p["key"] not in values:
                continue
            raw = values[p["key"]]
            kind = p["kind"]
            if kind in ("a number", "a whole number"):
                if raw is None or str(raw).strip() == "":
                    continue
                x = parse_number(raw)
                if x is None:
                    errors.append(_error(field, f"'{str(raw)[:40]}' is not a number; expected {kind}, e.g. 5000000 or 5,000,000 or 500万",
                                         f"“{str(raw)[:40]}”不是数值，{_range_zh(p)}，例如 5000000、5,000,000 或 500万"))
                    continue
                if kind == "a whole number" and not float(x).is_integer():
                    errors.append(_error(field, f"expected a whole number, got {raw}", f"应为整数，您输入的是{raw}"))
                    continue
                out.append(f"    {p['key']}: {_number_text(x)}")
            elif kind == "a date":
                if raw is None or str(raw).strip() == "":
                    continue
                try:
                    d = dt.date.fromisoformat(str(raw).strip())
                except ValueError:
                    errors.append(_error(field, f"'{str(raw)[:40]}' is not a date; expected YYYY-MM-DD, e.g. 2024-01-01",
                                         f"“{str(raw)[:40]}”不是日期，应为“年-月-日”格式，例如 2024-01-01"))
                    continue
                out.append(f"    {p['key']}: {d.isoformat()}")
            elif kind == "true or false":
                out.append(f"    {p['key']}: {_yaml_scalar(bool(raw))}")
            elif kind == "a named value":
                if str(raw) not in p["options"]:
                    errors.append(_error(field, f"expected one of {', '.join(p['options'])}", f"应为以下之一：{'、'.join(p['options'])}"))
                    continue
                out.append(f"    {p['key']}: {raw}")
            elif kind == "a list" and p["key"] == "villages":
                names = raw if isinstance(raw, list) else []
                bad = [str(n)[:40] for n in names if n not in catalog.village_names]
                if bad:
                    errors.append(_error(field, f"unknown village(s): {', '.join(bad)}", f"未知村庄：{'、'.join(bad)}"))
                    continue
                out.append(f"    villages: [{', '.join(names)}]")
            elif kind == "a list" and p["key"] == "links":
                rows = raw if isinstance(raw, list) else []
                out.append("    links:" if rows else "    links: []")
                for i, row in enumerate(rows[:50]):
                    row = row if isinstance(row, dict) else {}
                    parts = []
                    for k in ("from", "to"):
                        if row.get(k) not in catalog.village_names:
                            errors.append(_error(f"{field}[{i}].{k}", f"links[{i}].{k}: choose a village",
                                                 f"第{i + 1}条连接的{'起点' if k == 'from' else '终点'}：请选择村庄"))
                        parts.append(f"{k}: {row.get(k)}")
                    for k in ("km", "minutes"):
                        x = parse_number(row.get(k, ""))
                        if x is None:
                            errors.append(_error(f"{field}[{i}].{k}", f"links[{i}].{k}: expected a positive number",
                                                 f"第{i + 1}条连接的{'公里数' if k == 'km' else '分钟数'}应为正数"))
                            x = 0
                        parts.append(f"{k}: {_number_text(x)}")
                    out.append("      - {" + ", ".join(parts) + "}")
        policy_lines += out
    if policy_lines:
        lines += ["policies:", *policy_lines]
    return name, "\n".join(lines) + "\n", errors


def engine_errors(message):
    """The engine's ScenarioError text as one entry per problem, with the key path as the field."""
    out = []
    for line in str(message).splitlines():
        m = _DIAGNOSTIC.match(line.strip())
        if not m:
            if line.strip():
                out.append(_error("", line.strip(), "情景设置有误（见英文说明）：" + line.strip()))
            continue
        key, msg = m.group("key") or "", m.group("msg")
        out.append(_error(key, f"{key}: {msg}" if key else msg, _zh_of(msg)))
    return out


def _zh_of(msg):
    """A Chinese rendering of the engine's commonest messages (scenario_loader.cpp, the
    levers' checks); the English text is shown beside it."""
    patterns = [
        (r"must be between (\S+) and (\S+), got (.*)", "应在{0}至{1}之间，您输入的是{2}"),
        (r"must be greater than (\S+), got (.*)", "应大于{0}，您输入的是{1}"),
        (r"must be at least (\S+), got (.*)", "应不小于{0}，您输入的是{1}"),
        (r"must be at most (\S+?)(?: \(.*\))?, got (.*)", "应不大于{0}，您输入的是{1}"),
        (r"must not be negative, got (.*)", "不能为负数，您输入的是{0}"),
        (r"must be a finite number, got (.*)", "应为有限数值，您输入的是{0}"),
        (r"expected a whole number, got (.*)", "应为整数，您输入的是{0}"),
        (r"expected a number, got (.*)", "应为数值，您输入的是{0}"),
        (r"expected a date YYYY-MM-DD, got (.*)", "应为“年-月-日”格式的日期，您输入的是{0}"),
        (r"expected one of (.*), got (.*)", "应为以下之一：{0}；您输入的是{1}"),
        (r"unknown village '([^']*)'; did you mean '([^']*)'\?", "未知村庄“{0}”，是否应为“{1}”？"),
        (r"unknown village '([^']*)'.*", "未知村庄“{0}”"),
        (r".*end.*before.*start.*", "结束日期早于开始日期"),
    ]
    for pattern, zh in patterns:
        m = re.fullmatch(pattern, msg)
        if m:
            return zh.format(*m.groups())
    return "设置有误（英文说明见下）：" + msg


class Workspace:
    """WORKSPACE/scenarios/NAME.yaml: saved scenarios. Names are checked against
    NAME_RE and looked up in the folder's own listing; no path from a request is opened."""

    def __init__(self, directory, engine, catalog):
        self.directory = os.path.join(directory, "scenarios")
        os.makedirs(self.directory, exist_ok=True)
        self.engine = engine
        self.catalog = catalog
        self._forms = {}  # name -> ((mtime, size), form)

    def names(self):
        return sorted(f[:-5] for f in os.listdir(self.directory)
                      if f.endswith(".yaml") and NAME_RE.fullmatch(f[:-5]) and os.path.isfile(os.path.join(self.directory, f)))

    def path(self, name):
        if name not in self.names():
            return None
        return os.path.join(self.directory, name + ".yaml")

    def text(self, name):
        p = self.path(name)
        if p is None:
            return None
        with open(p, encoding="utf-8") as f:
            return f.read(256 * 1024)

    def validate(self, text):
        """The engine's verdict on the scenario text: (resolved scenario, []) or (None, errors)."""
        fd, tmp = tempfile.mkstemp(prefix=".check-", suffix=".yaml", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            try:
                return self.engine.load_scenario(tmp, []), []
            except ValueError as e:
                return None, engine_errors(str(e).replace(tmp, "scenario"))
        finally:
            os.unlink(tmp)

    def check(self, form):
        """(name, text, resolved scenario or None, problems): the form's own problems and the engine's."""
        name, text, errors = form_to_scenario_text(form, self.catalog)
        scenario, engine = self.validate(text)
        return name, text, scenario, errors + engine

    def save(self, form, overwrite=True):
        name, text, scenario, errors = self.check(form)
        if errors:
            raise FormError(errors)
        if name not in self.names() and len(self.names()) >= MAX_SAVED:
            raise FormError([_error("name", f"the workspace holds {MAX_SAVED} scenarios already; delete some first",
                                    f"工作区已有{MAX_SAVED}个情景，请先删除一些")])
        if not overwrite and name in self.names():
            raise FormError([_error("name", f"a scenario named '{name}' exists", f"已有名为“{name}”的情景")])
        final = os.path.join(self.directory, name + ".yaml")
        part = final + f".part-{os.getpid()}"
        with open(part, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(part, final)
        return name, scenario

    def form(self, name):
        """A saved scenario as the form shows it: every lever with the values in force
        (kept while the file is unchanged: the listing asks for every saved scenario)."""
        p = self.path(name)
        if p is None:
            return None
        st = os.stat(p)
        stamp = (st.st_mtime_ns, st.st_size)
        cached = self._forms.get(name)
        if cached and cached[0] == stamp:
            return cached[1]
        scenario = self.engine.load_scenario(p, [])
        resolved = load_yaml(scenario.to_yaml())
        with open(p, encoding="utf-8") as f:
            raw = load_yaml(f) or {}
        levers = {}
        for key, values in resolved.get("policies", {}).items():
            levers[key] = {k: (str(v) if isinstance(v, dt.date) else v) for k, v in values.items()}
        form = {"name": name, "description": raw.get("description", ""), "levers": levers}
        self._forms[name] = (stamp, form)
        return form

    def delete(self, name):
        p = self.path(name)
        if p is None:
            return False
        os.unlink(p)
        return True

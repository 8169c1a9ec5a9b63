"""The change log's label table (services/audit.py): every action code written anywhere in campaign/ has a
Vietnamese label, and values show as the pages show them."""

from __future__ import annotations

import ast
from pathlib import Path

from campaign.models import CampaignStatus
from campaign.rules.council import SessionAction
from campaign.rules.workflow import EVENT_LABELS, TRANSITIONS
from campaign.services import audit

ROOT = Path(__file__).resolve().parents[2] / "campaign"


def _audit_calls():
    """(file, the call's first argument, its enclosing function) of every audit.record(…) in campaign/."""
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
            for node in ast.walk(func):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "record"
                        and isinstance(node.func.value, ast.Name) and node.func.value.id == "audit" and node.args):
                    yield path, node.args[0], func


def _constant_arguments(name: str, position: int) -> set[str]:
    """The string constants passed to function `name` at `position` anywhere in campaign/."""
    found = set()
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == name
                    and len(node.args) > position and isinstance(node.args[position], ast.Constant)):
                found.add(node.args[position].value)
    return found


def _codes(arg: ast.expr, func: ast.FunctionDef) -> set[str]:
    if isinstance(arg, ast.Constant):
        return {arg.value}
    if isinstance(arg, ast.IfExp):
        return _codes(arg.body, func) | _codes(arg.orelse, func)
    if isinstance(arg, ast.Name):  # a parameter of the enclosing function: what its callers pass
        params = [a.arg for a in func.args.args]
        assert arg.id in params, f"{func.name}: cannot follow {arg.id}"
        return _constant_arguments(func.name, params.index(arg.id))
    if isinstance(arg, ast.JoinedStr):
        prefix = arg.values[0].value if isinstance(arg.values[0], ast.Constant) else ""
        families = {"nomination.": {t.event for t in TRANSITIONS.values()} | set(EVENT_LABELS),
                    "campaign.": {target for target, _label in CampaignStatus.NEXT.values()},
                    "council_session.": {action.value for action in SessionAction}}
        assert prefix in families, f"an action code built as {ast.unparse(arg)} has no known family"
        return {prefix + suffix for suffix in families[prefix]}
    raise AssertionError(f"cannot read the action code {ast.unparse(arg)}")


def test_every_action_code_written_in_campaign_has_a_label():
    codes: dict[str, str] = {}
    for path, arg, func in _audit_calls():
        for code in _codes(arg, func):
            codes[code] = f"{path.relative_to(ROOT)}:{func.name}"
    assert len(codes) > 60  # the grep found the calls (auth, org, set-up, dossiers, imports, workflow …)
    assert {"auth.login", "import.people", "nomination.returned", "campaign.launched"} <= set(codes)
    missing = {code: where for code, where in codes.items() if code not in audit.ACTION_LABELS}
    assert missing == {}, f"action codes without a label in services/audit.ACTION_LABELS: {missing}"
    for code in codes:
        label = audit.action_label(code)
        assert label != code and label[0].isupper() and "." not in label and "_" not in label, (code, label)


def test_values_show_as_the_pages_show_them():
    show = audit.show_value
    assert show("nomination", "status", "returned") == "Trả lại để bổ sung"
    assert show("nomination", "status", "submitted") == "Đã nộp, chờ thẩm định"
    assert show("campaign", "status", "launched") == "Đã phát động"
    assert show("person", "gender", "nam") == "Nam" and show("person", "gender", "nu") == "Nữ"
    assert show("person", "gender", None) == "(trống)"
    assert show("person", "date_of_birth", "1985-03-12") == "12/03/1985"
    assert show("phase", "nomination_closes_at", "2027-10-31T17:00:00") == "17:00 31/10/2027"
    assert show("phase", "units_may_edit", True) == "Có" and show("person", "is_leader", False) == "Không"
    assert show("result", "value", "95.5000") == "95,5"
    assert show("award_form", "threshold_share", "0.6667") == "66,67%"
    assert show("stored_file", "size", 36778) == "35,9 KB"
    assert show("sanction", "level", "canh_cao") == "Cảnh cáo"
    assert show("person", "unit_id", 3, {("unit", 3): "Văn phòng"}) == "Văn phòng"
    assert show("person", "unit_id", 9, {}) == "(đã xóa, số 9)"
    assert show("plan_task", "number", "001") == "001"  # a text that looks like a number stays as typed
    assert audit.field_label("unit", "name") == "Tên đơn vị" and audit.field_label("person", "gender") == "Giới tính"
    assert "sha256" in audit.HIDDEN_FIELDS and "storage_name" in audit.HIDDEN_FIELDS


def test_every_field_a_service_writes_has_a_label():
    """Every name in the services' field lists (what their audit events record) reads as the pages name it."""
    import campaign.services as services_package

    labelled = set(audit.FIELD_LABELS) | {n for names in audit.FIELD_LABELS_BY_TYPE.values() for n in names}
    missing = {}
    for path in sorted((ROOT / "services").glob("*.py")):
        module = __import__(f"campaign.services.{path.stem}", fromlist=["_"]) if path.stem != "__init__" \
            else services_package
        for attr, value in vars(module).items():
            if attr.endswith("FIELDS") and isinstance(value, list | tuple):
                names = [n for n in value if isinstance(n, str) and n not in audit.HIDDEN_FIELDS]
                if absent := [n for n in names if n not in labelled]:
                    missing[f"{path.stem}.{attr}"] = absent
    assert missing == {}
    assert audit.field_label("plan_task", "source") == "Kế hoạch nguồn"
    assert audit.field_label("criterion", "source") == "Nguồn số liệu"

"""Programme templates are data: validated on load, with errors naming the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from coachdesk import i18n
from coachdesk.models.enums import Programme
from coachdesk.resources import resources_dir
from coachdesk.services.templates import TemplateError, TemplateLibrary, load_template

BUNDLED = resources_dir() / "programmes" / "intensive.yaml"


def _write(folder: Path, name: str, data: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _intensive() -> dict[str, object]:
    loaded = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_bundled_templates_describe_both_programmes() -> None:
    library = TemplateLibrary.load()
    intro, intensive = library.default_for(Programme.INTRODUCTION), library.default_for(Programme.INTENSIVE)
    assert (intro.length_weeks.min, intro.length_weeks.max) == (4, 4)
    assert (intensive.length_weeks.min, intensive.length_weeks.max) == (26, 30)
    assert intensive.workplace_follow_up_every_weeks >= 1 and intro.follow_up_after_exit_days == 90
    kinds = {a.kind.value for t in library.templates() for p in t.phases for a in p.activities}
    assert {"mapping", "group_session", "job_styling", "coaching"} <= kinds


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (lambda d: d.update(length_weeks={"min": 26, "max": 30, "default": 31}), "length_weeks", "default"),
        (
            lambda d: d["phases"][0]["activities"][0].update(kind="juggling"),
            "phases.0.activities.0.kind",
            "one of",
        ),
        (lambda d: d["phases"][0].update(colour="red"), "phases.0.colour", "not a field"),
        (
            lambda d: d["phases"][0]["activities"][0].update(weekdays=[6]),
            "phases.0.activities.0.weekdays.0",
            "out of range",
        ),
        (lambda d: d["phases"][0].update(to_week=40), "-", "does not fit a plan of 26 weeks"),
        (lambda d: d.pop("name"), "name", "required"),
    ],
)
def test_a_broken_template_names_the_file_and_the_field(
    tmp_path: Path, change: object, field: str, problem: str
) -> None:
    data = _intensive()
    change(data)  # type: ignore[operator]
    path = _write(tmp_path, "ours.yaml", data)
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert "ours.yaml" in str(caught.value) and f"field {field}:" in str(caught.value)
    assert problem in str(caught.value)


def test_template_errors_are_in_the_users_language(tmp_path: Path) -> None:
    data = _intensive()
    data["phases"][0]["colour"] = "red"  # type: ignore[index]
    i18n.set_language("sv")
    with pytest.raises(TemplateError, match="fält"):
        load_template(_write(tmp_path, "ours.yaml", data))


def test_unreadable_yaml_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"bad\.yaml"):
        load_template(path)
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="mapping"):
        load_template(path)


def test_an_office_template_replaces_the_bundled_one_and_can_add_more(tmp_path: Path) -> None:
    longer = _intensive()
    longer["length_weeks"] = {"min": 26, "max": 30, "default": 30}
    _write(tmp_path, "intensive.yaml", longer)
    variant = _intensive()
    variant["id"] = "intensive_language"
    _write(tmp_path, "language.yaml", variant)
    library = TemplateLibrary.load(tmp_path)
    assert library.get("intensive").length_weeks.default == 30
    assert library.default_for(Programme.INTENSIVE).id == "intensive"
    assert library.get("intensive_language").programme is Programme.INTENSIVE
    with pytest.raises(TemplateError):
        library.get("nonexistent")


def test_one_broken_office_template_stops_the_load_with_its_name(tmp_path: Path) -> None:
    _write(tmp_path, "broken.yaml", {"id": "x"})
    with pytest.raises(TemplateError, match=r"broken\.yaml"):
        TemplateLibrary.load(tmp_path)

"""Each lesson's plan as a "Kế hoạch bài dạy" in the form Vietnamese schools use: the lesson-plan form of
Phụ lục IV, Công văn 5512/BGDĐT-GDTrH (Bộ Giáo dục và Đào tạo, 18/12/2020): I. Mục tiêu (kiến thức, năng
lực, phẩm chất); II. Thiết bị dạy học và học liệu; III. Tiến trình dạy học, four activities (Mở đầu, Hình
thành kiến thức mới, Luyện tập, Vận dụng), each with a) mục tiêu, b) nội dung, c) sản phẩm, d) tổ chức
thực hiện (chuyển giao nhiệm vụ, thực hiện nhiệm vụ, báo cáo và thảo luận, kết luận và nhận định).

Everything comes from what the course already declares: the plan file (``lessons/plans/<lang>.json``:
each section's activity, minutes and what the teacher does; ``khbd`` for the competences and qualities;
the extension), the notebook (objectives, warm-up and discussion questions, section headings) and each
exercise's prompt. It shows no answer: no model answer, answer key, teacher note or discussion guidance.

    python -m lessons.tools.plan5512 [--lang vi] [--out plans-5512] [--lesson 01 ...]

One printable HTML page per lesson (A4; the browser's Print prints it as it is).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import jinja2
import nbformat

from lessons.core import registry
from lessons.core.config import DEFAULT_LANGUAGE, LANGUAGES
from lessons.core.text import t
from lessons.exercises import bank
from lessons.tools import editions, period

DEFAULT_OUT = Path("plans-5512")
WARM_UP = re.compile(r"^\*\*(?:Câu hỏi khởi động|Warm-up question):\*\*\s*(.+)$", re.M)
DISCUSSION = ("## Thảo luận", "## Discussion")

PAGE = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
    """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{{ title_line }}</title>
<style>
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Times New Roman", "Noto Serif", serif; font-size: 13pt; line-height: 1.4; max-width: 180mm;
       margin: 0 auto; color: #000; }
h1 { font-size: 15pt; text-align: center; margin: 10pt 0 4pt; }
h2 { font-size: 13pt; margin: 12pt 0 4pt; }
h3 { font-size: 13pt; margin: 10pt 0 2pt; }
.head { display: flex; justify-content: space-between; }
.form { font-style: italic; text-align: center; font-size: 11pt; }
.centre { text-align: center; }
p, ul { margin: 2pt 0; }
ul { padding-left: 18pt; }
.part { font-weight: bold; }
.activity { page-break-inside: avoid; }
</style>
</head>
<body>
<div class="head"><div>{{ t.school }}<br>{{ t.group }}</div><div>{{ t.teacher }}</div></div>
<h1>{{ t.title }}</h1>
<p class="form">{{ t.form }}</p>
<p class="centre"><b>{{ title_line }}</b></p>
<p class="centre">{{ t.subject }}</p>
<p class="centre">{{ time_line }}</p>

<h2>{{ t.objectives }}</h2>
<h3>{{ t.knowledge }}</h3>
<p>{{ t.knowledge_lead }}</p>
<ul>{% for item in knowledge %}<li>{{ item }}</li>{% endfor %}</ul>
<h3>{{ t.competences }}</h3>
<ul><li>{{ t.general }}</li>
<li>{{ t.specific }}<ul>{% for item in competences %}<li>{{ item }}</li>{% endfor %}</ul></li></ul>
<h3>{{ t.qualities }}</h3>
<ul>{% for item in qualities %}<li>{{ item }}</li>{% endfor %}</ul>
{% if curriculum %}<p class="part">{{ t.curriculum }}</p>
<ul>{% for item in curriculum %}
<li>{{ item.subject }}, {{ item.grade }}: {{ item.topic }} ({{ item.source }})</li>
{% endfor %}</ul>{% endif %}

<h2>{{ t.equipment }}</h2>
<ul>{% for item in equipment %}<li>{{ item }}</li>{% endfor %}</ul>

<h2>{{ t.process }}</h2>
{% for a in activities %}<div class="activity" data-activity="{{ a.key }}">
<h3>{{ a.name }} ({{ a.minutes_text }})</h3>
<p><span class="part">{{ t.goal }}</span> {{ a.goal }}</p>
<p class="part">{{ t.content }}</p>
<ul>{% for item in a.content %}<li>{{ item }}</li>{% endfor %}</ul>
<p><span class="part">{{ t.product }}</span> {{ a.product }}</p>
<p class="part">{{ t.organise }}</p>
<ul><li>{{ t.step_assign }}<ul>{% for item in a.assign %}<li>{{ item }}</li>{% endfor %}</ul></li>
<li>{{ t.step_do }} {{ a.do }}</li>
<li>{{ t.step_report }} {{ a.report }}</li>
<li>{{ t.step_conclude }} {{ a.conclude }}</li></ul>
</div>
{% endfor %}</body>
</html>
"""
)


def _words(lang: str) -> dict[str, str]:
    """The form's fixed wording in `lang` (lessons/i18n, keys "khbd.*")."""
    keys = ["school", "group", "teacher", "title", "form", "subject", "objectives", "knowledge", "knowledge_lead"]
    keys += ["competences", "general", "specific", "qualities", "equipment", "process", "goal", "content"]
    keys += ["product", "organise", "curriculum"]
    words = {k: t(f"khbd.{k}", lang) for k in keys}
    words.update({f"step_{k}": t(f"khbd.step.{k}", lang) for k in ("assign", "do", "report", "conclude")})
    return words


def _heading(cell) -> str:
    first = cell.source.splitlines()[0] if cell.source else ""
    return re.sub(r"^#+\s*(\d+\.\s*)?", "", first).strip()


def _discussion_question(nb) -> str | None:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith(DISCUSSION) and not period.is_teacher(cell):
            body = cell.source.split("\n", 1)[1].strip() if "\n" in cell.source else ""
            return body.split("\n\n")[0] or None
    return None


def _prompt(exercise: str, lang: str) -> str:
    return t("khbd.exercise", lang, id=exercise, prompt=bank.specs()[exercise].text("prompt", lang))


def _activity(key: str, sections: list[dict], cells: dict, lang: str, content: list[str], product: str) -> dict:
    minutes = sum(s["minutes"] for s in sections)
    return {
        "key": key,
        "name": t(f"khbd.activity.{key}", lang),
        "minutes": minutes,
        "minutes_text": t("khbd.minutes", lang, n=minutes),
        "goal": t(f"khbd.goal.{key}", lang),
        "content": content,
        "product": product,
        "assign": [
            f"{_heading(cells[s['cell']])} ({t('khbd.minutes', lang, n=s['minutes'])}): {s['what']}"
            if s["cell"] != next(iter(cells))
            else f"{s['what']} ({t('khbd.minutes', lang, n=s['minutes'])})"
            for s in sections
        ],
        "do": t(f"khbd.do.{key}", lang),
        "report": t(f"khbd.report.{key}", lang),
        "conclude": t(f"khbd.conclude.{key}", lang),
    }


def lesson_plan(lesson: str, lang: str) -> dict:
    """Everything the form shows for one lesson in one language (what `render` fills in)."""
    x = registry.lesson(lesson)
    plan = registry.plan(x.id, lang)
    if plan is None:
        raise KeyError(f"lessons/plans/{lang}.json has no plan for lesson {x.id}")
    nb = nbformat.read(x.notebook_path(lang), as_version=4)
    cells = {c.get("id"): c for c in nb.cells}
    khbd = plan.get("khbd", {})
    title = nb.cells[0].source.splitlines()[0].lstrip("#").strip()
    knowledge = [o for o in editions._objectives(nb, lang) if t("khbd.extension_mark", lang) not in o]
    by_activity = {key: [s for s in plan["sections"] if s.get("activity") == key] for key in period.ACTIVITIES}

    def exercises(sections: list[dict]) -> list[str]:
        return [ex for s in sections for ex in s.get("exercises", {})]

    warm_up = WARM_UP.search(nb.cells[0].source)
    opening = [t("khbd.warmup", lang, question=warm_up.group(1).strip())] if warm_up else []
    opening += [_prompt(ex, lang) for ex in exercises(by_activity["opening"])]
    knowledge_content = [t("khbd.sections", lang)] + [
        _heading(cells[s["cell"]]) for s in by_activity["knowledge"] if s["cell"] in cells
    ]
    knowledge_content += [_prompt(ex, lang) for ex in exercises(by_activity["knowledge"])]
    practice = exercises(by_activity["practice"])
    application = exercises(by_activity["application"])
    question = _discussion_question(nb)
    applied = ([t("khbd.discussion", lang, question=question)] if question else []) + [
        _prompt(ex, lang) for ex in application
    ]
    applied.append(t("khbd.wrapup", lang))
    activities = [
        _activity("opening", by_activity["opening"], cells, lang, opening, t("khbd.product.opening", lang)),
        _activity(
            "knowledge", by_activity["knowledge"], cells, lang, knowledge_content, t("khbd.product.knowledge", lang)
        ),
        _activity(
            "practice",
            by_activity["practice"],
            cells,
            lang,
            [_prompt(ex, lang) for ex in practice],
            t("khbd.product.practice", lang, ids=", ".join(practice)),
        ),
        _activity(
            "application",
            by_activity["application"],
            cells,
            lang,
            applied,
            t("khbd.product.application", lang, ids=f" ({', '.join(application)})" if application else ""),
        ),
    ]
    extension = plan.get("extension", [])
    if extension:
        ext_ids = exercises(extension)
        activities.append(
            _activity(
                "extension",
                extension,
                cells,
                lang,
                [_prompt(ex, lang) for ex in ext_ids],
                t("khbd.product.extension", lang, ids=", ".join(ext_ids)),
            )
        )
    core, ext = period.core_minutes(plan), period.extension_minutes(plan)
    equipment = [t("khbd.eq_teacher", lang, lesson=x.id), t("khbd.eq_students", lang, lesson=x.id)]
    equipment += khbd.get("equipment", []) + plan.get("prepare", [])
    return {
        "lang": lang,
        "lesson": x.id,
        "title_line": t("khbd.lesson", lang, title=title),
        "time_line": t("khbd.time_extension", lang, core=core, ext=ext) if ext else t("khbd.time", lang, core=core),
        "knowledge": knowledge,
        "competences": khbd.get("competences", []),
        "qualities": khbd.get("qualities", []),
        "curriculum": khbd.get("curriculum", []),
        "equipment": equipment,
        "activities": activities,
        "core_minutes": core,
        "extension_minutes": ext,
    }


def render(lesson: str, lang: str) -> str:
    """The printable HTML page of lesson `lesson`'s plan in the 5512 form."""
    data = lesson_plan(lesson, lang)
    return PAGE.render(t=_words(lang), **data)


def write(out: Path, lang: str, lessons: list[str] | None = None) -> list[Path]:
    """One HTML file per lesson in `out` (named like the lesson's notebook); the paths written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for x in registry.lessons():
        if lessons and x.id not in lessons:
            continue
        if registry.plan(x.id, lang) is None:
            continue
        path = out / (Path(x.notebook).stem + ".html")
        path.write_text(render(x.id, lang), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lessons.tools.plan5512", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--lesson", nargs="*", help="lesson ids (default: every lesson)")
    args = parser.parse_args(argv)
    lessons = [registry.lesson(x).id for x in args.lesson] if args.lesson else None
    for path in write(args.out, args.lang, lessons):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
